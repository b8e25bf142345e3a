CREATE TABLE authors (id serial PRIMARY KEY, name varchar(80) NOT NULL, email text UNIQUE, joined timestamptz NOT NULL DEFAULT '2024-01-01 00:00:00+00');
CREATE TABLE posts (id serial PRIMARY KEY, author_id int NOT NULL REFERENCES authors(id) ON DELETE CASCADE, title text NOT NULL, body text, published_at timestamp, views int NOT NULL DEFAULT 0, tags text);
INSERT INTO authors (name, email) VALUES ('Ada', 'ada@x.io'), ('Linus', 'linus@x.io'), ('Grace', NULL);
INSERT INTO posts (author_id, title, body, published_at, views, tags) VALUES
 (1, 'Engines', 'Analytical engine notes', '2024-03-01 09:00', 120, 'math,history'),
 (1, 'Loops', 'On loops', '2024-03-15 18:30', 80, 'math'),
 (2, 'Kernels', 'Monolithic', '2024-04-02 07:15', 300, 'os'),
 (2, 'Git', NULL, NULL, 0, NULL),
 (3, 'Compilers', 'A-0 system', '2024-04-20 12:00', 150, 'history,lang');
SELECT p.id, p.title, a.name AS author, count(*) OVER () AS total FROM posts p JOIN authors a ON a.id = p.author_id WHERE p.published_at IS NOT NULL ORDER BY p.published_at DESC LIMIT 2 OFFSET 1;
SELECT title FROM posts WHERE title ILIKE '%' || 'er' || '%' OR body ILIKE '%ENGINE%' ORDER BY title;
SELECT to_char(published_at, 'YYYY-MM') AS month, count(*), sum(views), round(avg(views), 1) FROM posts WHERE published_at IS NOT NULL GROUP BY 1 ORDER BY 1;
SELECT a.name, coalesce(sum(p.views), 0) AS views, count(p.id) FILTER (WHERE p.published_at IS NULL) AS drafts FROM authors a LEFT JOIN posts p ON p.author_id = a.id GROUP BY a.id, a.name ORDER BY views DESC;
SELECT title, CASE WHEN views >= 150 THEN 'hot' WHEN views > 0 THEN 'warm' ELSE 'cold' END AS heat FROM posts ORDER BY id;
SELECT title, length(body) AS len, upper(substr(title, 1, 3)) AS abbr, coalesce(tags, '(none)') FROM posts ORDER BY id;
SELECT title, published_at::date AS day, extract(hour from published_at) AS h, date_trunc('day', published_at) FROM posts WHERE published_at IS NOT NULL ORDER BY id;
SELECT name, email IS NULL AS no_email, joined FROM authors ORDER BY id;
UPDATE posts SET views = views + 1 WHERE author_id = (SELECT id FROM authors WHERE name = 'Ada') RETURNING id, views;
SELECT author_id, max(views) AS top, min(published_at) FROM posts GROUP BY author_id HAVING max(views) > 100 ORDER BY author_id;
SELECT a.name, (SELECT title FROM posts p WHERE p.author_id = a.id ORDER BY views DESC LIMIT 1) AS best FROM authors a ORDER BY a.id;
SELECT split_part(tags, ',', 1) AS first_tag, count(*) FROM posts WHERE tags IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1;
DELETE FROM authors WHERE name = 'Linus';
SELECT count(*) FROM posts;
SELECT id, title, rank() OVER (ORDER BY views DESC) FROM posts ORDER BY id;
SELECT now() - published_at > interval '1 day' FROM posts WHERE id = 1;
SELECT title FROM posts ORDER BY published_at NULLS FIRST, id;
SELECT DISTINCT author_id FROM posts ORDER BY author_id;
SELECT title, views, lag(views) OVER w, views - lag(views) OVER w AS diff FROM posts WINDOW w AS (ORDER BY id) ORDER BY id;
DROP TABLE posts, authors;
