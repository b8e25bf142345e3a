CREATE TABLE customers (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name varchar(100) NOT NULL, email varchar(200) UNIQUE, score numeric(10,2) DEFAULT 0, active boolean, created timestamp);
CREATE TABLE orders (order_id bigint PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers(id) ON DELETE CASCADE, note text DEFAULT 'none', amount double precision, placed date);
CREATE INDEX orders_placed_idx ON orders (placed);
CREATE TABLE order_items (order_id bigint NOT NULL REFERENCES orders(order_id), line integer NOT NULL, product varchar(50), qty smallint NOT NULL DEFAULT 1, price numeric, flag boolean DEFAULT false, PRIMARY KEY (order_id, line), UNIQUE (order_id, product));
CREATE UNIQUE INDEX order_items_product_idx ON order_items (product, qty);
CREATE VIEW big_orders AS SELECT order_id, amount FROM orders WHERE amount > 100;
CREATE SCHEMA sales;
CREATE TABLE sales.region (code varchar(2) PRIMARY KEY, label text NOT NULL DEFAULT 'none');
