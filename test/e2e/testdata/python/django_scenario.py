"""A Django 3.2 application on psycopg2 (what a team moving a Django app onto IRIS runs):
`migrate` of admin, contenttypes, auth, sessions and the djangoapp package beside this
file, then ORM work (lookups, Q/F, ordering, slicing, aggregates, related loading,
many-to-many, bulk and upsert paths, nested atomic blocks, date functions, Case/When,
subqueries, raw SQL, the admin log and the session store), then `flush` and `migrate
... zero`. Output is deterministic so that runs against PostgreSQL and through pgwired
compare line by line; errors print as exception class and SQLSTATE.

Usage: django_scenario.py DSN tz|notz   (USE_TZ=True or False)
"""
import datetime
import decimal
import io
import os
import sys
import unittest

import django
from django.conf import settings
from psycopg2.extensions import parse_dsn

dsn, mode = sys.argv[1], sys.argv[2]
params = parse_dsn(dsn)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
settings.configure(
    INSTALLED_APPS=["django.contrib.admin", "django.contrib.contenttypes", "django.contrib.auth",
                    "django.contrib.sessions", "djangoapp"],
    DATABASES={"default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": params["dbname"],
        "USER": params.pop("user"),
        "PASSWORD": params.pop("password", ""),
        "HOST": params.pop("host"),
        "PORT": params.pop("port"),
        "OPTIONS": {k: v for k, v in params.items() if k != "dbname"},
        # The test runner (below) with keepdb uses this database as it is: pgwired has no
        # CREATE DATABASE, an IRIS namespace is made by an administrator.
        "TEST": {"NAME": params["dbname"]},
    }},
    USE_TZ=(mode == "tz"),
    TIME_ZONE="UTC",
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    SECRET_KEY="only-for-this-test",
)
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import IntegrityError, connection, transaction  # noqa: E402
from django.test import TestCase, TransactionTestCase  # noqa: E402
from django.test.runner import DiscoverRunner  # noqa: E402
from django.db.models import (Avg, Case, Count, F, IntegerField, Max, Min, OuterRef, Q,  # noqa: E402
                              Subquery, Sum, Value, When)
from django.db.models import CharField, Exists, Window  # noqa: E402
from django.db.models.functions import (Coalesce, Concat, ExtractMonth, ExtractYear, Greatest, Length, Lower,  # noqa: E402
                                        Rank, RowNumber, Substr, TruncDate, TruncMonth, Upper)

from django.contrib.admin.models import ADDITION, LogEntry  # noqa: E402
from django.contrib.auth.models import Permission, User  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402

from djangoapp.models import Author, Book, Review, Tag  # noqa: E402


def out(*args):
    print(*args, flush=True)


def err(e):
    cause = e.__cause__ if e.__cause__ is not None else e
    return "%s %s" % (type(e).__name__, getattr(cause, "pgcode", None))


def step(name, fn):
    try:
        out(name, fn())
    except Exception as e:  # noqa: BLE001 - the scenario prints what the application would see
        out(name, "error", err(e))


def migrate(*args):
    buf = io.StringIO()
    # skip_checks: the admin's checks want templates and middleware this script has no use for.
    call_command("migrate", *args, stdout=buf, no_color=True, verbosity=1, skip_checks=True)
    for line in buf.getvalue().splitlines():
        out("migrate", line.strip())


def names(qs):
    return [x.name for x in qs]


migrate()
# post_migrate filled these (bulk_create through psycopg2's execute with many rows).
out("content types", sorted(ContentType.objects.values_list("app_label", "model")))
out("permissions", Permission.objects.count(), Permission.objects.filter(codename__startswith="add_").count())

if settings.USE_TZ:
    stamp = lambda *a: datetime.datetime(*a, tzinfo=datetime.timezone.utc)  # noqa: E731
else:
    stamp = datetime.datetime

# Create: defaults, null/blank, the generated ids.
ann = Author.objects.create(name="Ann", email="ann@example.com", bio="writes", born=datetime.date(1970, 5, 17))
bob = Author.objects.create(name="bob", born=datetime.date(1985, 12, 1), active=False)
cy = Author.objects.create(name="Cy")
out("authors", [(a.id, a.name, a.email, a.bio, a.born, a.active) for a in Author.objects.order_by("id")])
tags = Tag.objects.bulk_create([Tag(name=n) for n in ("fiction", "history", "science", "poetry")])
out("bulk tags", sorted(t.name for t in tags), [t.id for t in tags])
fiction, history, science, poetry = (Tag.objects.get(name=n) for n in ("fiction", "history", "science", "poetry"))
books = [
    Book(author=ann, title="Alpha", pages=120, price=decimal.Decimal("9.99"), published=datetime.date(2020, 1, 15), created=stamp(2024, 1, 2, 3, 4, 5, 678000)),
    Book(author=ann, title="beta", pages=300, price=decimal.Decimal("25.50"), published=datetime.date(2020, 6, 30), created=stamp(2024, 2, 29, 23, 59, 59)),
    Book(author=ann, title="Gamma ray", pages=80, price=None, published=None, created=stamp(2024, 3, 1, 0, 0)),
    Book(author=bob, title="Delta", pages=450, price=decimal.Decimal("40.00"), published=datetime.date(2021, 3, 3), created=stamp(2023, 12, 31, 12, 30)),
    Book(author=bob, title="epsilon", pages=0, price=decimal.Decimal("0.50"), published=datetime.date(2019, 11, 11), created=stamp(2024, 7, 4, 8, 0, 1, 250000)),
]
Book.objects.bulk_create(books)
by = {b.title: b for b in Book.objects.all()}
by["Alpha"].tags.add(fiction, science)
by["beta"].tags.add(fiction)
by["Delta"].tags.add(history, science, poetry)
by["Delta"].tags.remove(poetry)
by["epsilon"].tags.set([poetry])
Review.objects.create(book=by["Alpha"], stars=5, text="great", editor=bob)
Review.objects.create(book=by["Alpha"], stars=3)
Review.objects.create(book=by["Delta"], stars=4, text="solid", editor=cy)
Review.objects.create(book=by["epsilon"], stars=1, editor=ann)

# Columns and constraints of the second migration.
out("added columns", sorted(Author.objects.values_list("name", "nickname")), sorted(Book.objects.values_list("title", "rating")))
out("widened", Tag.objects.create(name="t" * 40).name == "t" * 40)
step("unique together 2", lambda: Book.objects.create(author=bob, title="Alpha", published=datetime.date(2020, 1, 15), created=stamp(2024, 1, 1)))
b = Book.objects.get(title="Alpha")
out("get", b.title, b.pages, b.price, b.published, b.created, b.author.name)
step("get missing", lambda: Book.objects.get(title="nope"))
step("get many", lambda: Book.objects.get(author=ann))

# Lookups.
T = lambda qs: sorted(x.title for x in qs)  # noqa: E731
out("exact", T(Book.objects.filter(title="beta")))
out("iexact", T(Book.objects.filter(title__iexact="BETA")))
out("contains", T(Book.objects.filter(title__contains="a")))
out("icontains", T(Book.objects.filter(title__icontains="A")))
out("startswith", T(Book.objects.filter(title__startswith="G")))
out("istartswith", T(Book.objects.filter(title__istartswith="g")))
out("endswith", T(Book.objects.filter(title__endswith="a")))
out("in", T(Book.objects.filter(pages__in=[0, 80, 300])))
out("range", T(Book.objects.filter(published__range=(datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)))))
out("gt lt", T(Book.objects.filter(pages__gt=80, pages__lt=450)))
out("gte lte", T(Book.objects.filter(price__gte=decimal.Decimal("9.99"), price__lte=40)))
out("isnull", T(Book.objects.filter(price__isnull=True)), T(Book.objects.filter(published__isnull=False)))
out("year", T(Book.objects.filter(published__year=2020)))
out("month", T(Book.objects.filter(published__month=3)))
out("created year", T(Book.objects.filter(created__year=2024)))
out("created date", T(Book.objects.filter(created__date=datetime.date(2024, 2, 29))))
out("exclude", T(Book.objects.exclude(author__name="Ann")))
out("across fk", T(Book.objects.filter(author__active=True, author__born__lt=datetime.date(1980, 1, 1))))
out("reverse fk", names(Author.objects.filter(books__pages__gt=400).distinct()))
out("m2m filter", T(Book.objects.filter(tags__name="science")))
out("boolean", names(Author.objects.filter(active=False)), names(Author.objects.filter(active=True).order_by("name")))
out("empty string", names(Author.objects.filter(email="").order_by("name")))
out("null text", names(Author.objects.filter(bio__isnull=True).order_by("name")))

# Q and F.
out("Q or", T(Book.objects.filter(Q(pages__lt=100) | Q(title__startswith="D"))))
out("Q not", T(Book.objects.filter(~Q(author=ann) & Q(pages__gt=0))))
out("F compare", T(Book.objects.filter(pages__gt=F("price") * 10)))
Book.objects.filter(title="beta").update(pages=F("pages") + 1)
out("F update", Book.objects.get(title="beta").pages)

# Ordering, slicing.
out("order", [b.title for b in Book.objects.order_by("-pages", "title")])
out("order nulls", [(b.title, b.price) for b in Book.objects.order_by(F("price").asc(nulls_first=True), "title")])
out("order nulls last", [(b.title, b.price) for b in Book.objects.order_by(F("price").desc(nulls_last=True), "title")])
out("order fk", [b.title for b in Book.objects.order_by("author__name", "-title")])
out("slice", [b.title for b in Book.objects.order_by("title")[1:3]])
out("first last", Book.objects.order_by("pages").first().title, Book.objects.order_by("pages").last().title)
out("index", Book.objects.order_by("title")[2].title)

# values / values_list.
out("values", list(Book.objects.filter(author=bob).order_by("title").values("title", "pages", "author__name")))
out("values_list flat", list(Book.objects.order_by("title").values_list("title", flat=True)))
out("values_list", list(Author.objects.order_by("name").values_list("name", "born", "active")))

# Aggregates.
agg = Book.objects.aggregate(n=Count("id"), total=Sum("pages"), mean=Avg("pages"), hi=Max("price"), lo=Min("price"), first=Min("published"))
out("aggregate", sorted(agg.items()))
out("annotate count", sorted((a.name, a.n) for a in Author.objects.annotate(n=Count("books"))))
out("group by", list(Book.objects.values("author__name").annotate(n=Count("id"), total=Sum("pages")).order_by("author__name")))
out("having", names(Author.objects.annotate(n=Count("books")).filter(n__gte=2).order_by("name")))
out("count distinct", Book.objects.aggregate(n=Count("tags", distinct=True))["n"])
out("avg stars", sorted((b.title, b.avg) for b in Book.objects.annotate(avg=Avg("reviews__stars")).filter(avg__isnull=False)))

# Related loading.
out("select_related", [(b.title, b.author.name) for b in Book.objects.select_related("author").order_by("title")])
out("prefetch", [(a.name, sorted(b.title for b in a.books.all())) for a in Author.objects.prefetch_related("books").order_by("name")])
out("prefetch m2m", [(b.title, sorted(t.name for t in b.tags.all())) for b in Book.objects.prefetch_related("tags").order_by("title")])
out("reverse m2m", sorted(b.title for b in science.books.all()))
out("nullable fk", sorted((r.book.title, r.stars, r.editor.name if r.editor else None) for r in Review.objects.select_related("book", "editor")))

# exists, distinct, count.
out("exists", Book.objects.filter(pages__gt=1000).exists(), Book.objects.filter(tags__name="history").exists())
out("distinct", sorted(Book.objects.filter(tags__isnull=False).values_list("author__name", flat=True).distinct()))
out("count", Book.objects.count(), Book.objects.filter(tags__name="fiction").count())

# Date functions, Coalesce, Case/When, Subquery.
out("trunc month", sorted((b.title, b.m) for b in Book.objects.annotate(m=TruncMonth("published")).filter(published__isnull=False)))
out("trunc created", sorted((b.title, b.m) for b in Book.objects.annotate(m=TruncMonth("created"))))
out("trunc date", sorted((b.title, b.d) for b in Book.objects.annotate(d=TruncDate("created"))))
out("extract", sorted((b.title, b.y, b.mo) for b in Book.objects.annotate(y=ExtractYear("created"), mo=ExtractMonth("published"))))
out("dates", list(Book.objects.dates("published", "year")))
out("coalesce", sorted((b.title, b.p) for b in Book.objects.annotate(p=Coalesce("price", Value(decimal.Decimal("0.00"))))))
size = Case(When(pages__gte=300, then=Value("long")), When(pages__gte=100, then=Value("medium")), default=Value("short"))
out("case", sorted((b.title, b.size) for b in Book.objects.annotate(size=size)))
out("case int", sorted(Book.objects.aggregate(big=Sum(Case(When(pages__gte=300, then=1), default=0, output_field=IntegerField()))).items()))
newest = Book.objects.filter(author=OuterRef("pk")).order_by("-created").values("title")[:1]
out("subquery", sorted((a.name, a.newest) for a in Author.objects.annotate(newest=Subquery(newest))))
out("in subquery", names(Author.objects.filter(id__in=Book.objects.filter(pages__gt=200).values("author_id")).order_by("name")))

# More of what applications write: set operations, window functions, conditional
# aggregates, Exists, string functions, bulk_update, in_bulk, select_for_update.
out("union", sorted(Book.objects.filter(pages__lt=100).values_list("title", flat=True).union(
    Book.objects.filter(pages__gt=400).values_list("title", flat=True))))
out("window", [(b.title, b.rn) for b in Book.objects.annotate(
    rn=Window(RowNumber(), order_by=[F("pages").desc(), F("title").asc()])).order_by("rn")])
out("rank", sorted((b.title, b.r) for b in Book.objects.annotate(
    r=Window(Rank(), partition_by=F("author"), order_by=F("pages").asc()))))
out("count filter", sorted(Book.objects.aggregate(n=Count("id", filter=Q(pages__gt=100)), s=Sum("pages", filter=Q(price__isnull=False))).items()))
out("exists", sorted((a.name, a.has) for a in Author.objects.annotate(has=Exists(Book.objects.filter(author=OuterRef("pk"), pages__gt=200)))))
out("greatest", sorted((b.title, b.g) for b in Book.objects.annotate(g=Greatest("pages", Value(100)))))
out("strings", sorted(Book.objects.annotate(lo=Lower("title"), up=Upper("title"), n=Length("title"), first=Substr("title", 1, 1),
                                           full=Concat("title", Value(" by "), "author__name", output_field=CharField())).values_list("lo", "up", "n", "first", "full")))
Book.objects.bulk_update([Book(id=x.id, pages=x.pages + 5) for x in Book.objects.filter(author=ann)], ["pages"])
out("bulk_update", sorted(Book.objects.filter(author=ann).values_list("title", "pages")))
out("in_bulk", sorted((k, v.title) for k, v in Book.objects.in_bulk([by["Alpha"].id, by["Delta"].id]).items()))


def locked():
    with transaction.atomic():
        return [b.title for b in Book.objects.select_for_update().filter(pages__gt=100).order_by("title")]


def locked_join():
    with transaction.atomic():
        return [(b.title, b.author.name) for b in Book.objects.select_for_update().select_related("author").filter(pages__gt=100).order_by("title")]


def locked_self():
    with transaction.atomic():
        return sorted((r.stars, r.book.title, r.editor.name if r.editor else None) for r in
                      Review.objects.select_for_update(of=("self",)).select_related("book", "editor"))


def locked_outer():
    with transaction.atomic():
        return list(Review.objects.select_for_update().select_related("editor"))


step("select_for_update", locked)
step("select_for_update join", locked_join)
step("select_for_update of self", locked_self)
step("select_for_update outer join", locked_outer)

# get_or_create / update_or_create, IntegrityError.
t, created = Tag.objects.get_or_create(name="fiction")
out("get_or_create existing", t.name, created)
t, created = Tag.objects.get_or_create(name="drama")
out("get_or_create new", t.name, created)
a, created = Author.objects.update_or_create(name="Cy", defaults={"email": "cy@example.com"})
out("update_or_create", a.name, a.email, created)
a, created = Author.objects.update_or_create(name="Dee", defaults={"email": "dee@example.com"})
out("update_or_create new", a.name, a.email, created)
step("unique", lambda: Author.objects.create(name="Ann"))
step("unique together", lambda: Book.objects.create(author=ann, title="Alpha", created=stamp(2024, 1, 1)))
step("not null", lambda: Book.objects.create(author=ann, title="Zeta", created=None))
# (A column of 40 characters or more gives 22P02 for a value too long: IRIS shows only 40
# characters of the value in its message, too few for pgwired to tell the cause.)
step("varchar too long", lambda: Author.objects.create(name="Zed", nickname="x" * 21))
out("after errors", Author.objects.count(), Book.objects.count(), Tag.objects.count())


# The admin's log (action_flag is a PositiveSmallIntegerField: CHECK (action_flag >= 0))
# and the database session store, as every default project has them.
user = User.objects.create_user("ann", "ann@example.com", "pw")
LogEntry.objects.log_action(user.id, ContentType.objects.get_for_model(Author).id, ann.id, "Ann", ADDITION, "added")
out("admin log", list(LogEntry.objects.values_list("object_repr", "action_flag", "change_message")))
step("positive field", lambda: LogEntry.objects.create(user=user, action_flag=-1, object_repr="x"))
session = SessionStore()
session["cart"] = [1, 2]
session.create()
out("session", SessionStore(session_key=session.session_key).load(), Session.objects.count())

# Transactions: nested atomic blocks are savepoints.
def nested():
    with transaction.atomic():
        Tag.objects.create(name="outer")
        try:
            with transaction.atomic():
                Tag.objects.create(name="inner")
                Tag.objects.create(name="fiction")
        except IntegrityError as e:
            out("inner rolled back", err(e))
        with transaction.atomic():
            Tag.objects.create(name="inner2")
    return sorted(Tag.objects.filter(name__startswith="inner").values_list("name", flat=True)) + \
        list(Tag.objects.filter(name="outer").values_list("name", flat=True))


step("nested atomic", nested)


def rolled_back():
    with transaction.atomic():
        Tag.objects.create(name="gone")
        raise RuntimeError("rollback")


step("atomic rollback", rolled_back)
out("gone", Tag.objects.filter(name="gone").exists())


def deferred_fk_ok():
    # Parent first, child second: the key holds at every statement.
    with transaction.atomic():
        a = Author.objects.create(name="Eve")
        Book.objects.create(author=a, title="Eta", created=stamp(2024, 5, 5))
    return Book.objects.filter(author__name="Eve").count()


step("fk in transaction", deferred_fk_ok)
out("in atomic", connection.in_atomic_block)

# Update, delete with cascades.
out("update", Book.objects.filter(author=bob).update(price=F("price") + 1))
out("after update", sorted(Book.objects.filter(author=bob).values_list("title", "price")))
out("update none", Book.objects.filter(pages__gt=10000).update(pages=0))
deleted = Author.objects.filter(name="bob").delete()
out("delete cascade", deleted[0], sorted(deleted[1].items()))
out("after delete", Book.objects.count(), Review.objects.count(), Book.tags.through.objects.count(),
    sorted((r.stars, r.editor_id is None) for r in Review.objects.all()))
out("delete m2m", by["Alpha"].tags.clear(), Book.tags.through.objects.count())
out("delete all reviews", Review.objects.all().delete()[0])

# Raw SQL through connection.cursor().
with connection.cursor() as cur:
    cur.execute("SELECT title, pages FROM djangoapp_book WHERE pages > %s ORDER BY title", [50])
    out("raw select", cur.fetchall())
    cur.execute("UPDATE djangoapp_book SET pages = pages + %s WHERE title = %s", [10, "Alpha"])
    out("raw update", cur.rowcount)
    cur.execute("SELECT count(*) FROM djangoapp_author WHERE active")
    out("raw bool", cur.fetchone())
out("raw model", sorted((a.name, a.born) for a in Author.objects.raw("SELECT id, name, born FROM djangoapp_author WHERE born IS NOT NULL")))
out("iterator", [b.title for b in Book.objects.order_by("title").iterator(chunk_size=2)])

# flush (what TransactionTestCase runs between tests): one TRUNCATE … RESTART IDENTITY of
# every table, listed alphabetically; post_migrate fills the content types again.
call_command("flush", interactive=False, verbosity=0)
out("flushed", Author.objects.count(), Book.objects.count(), Permission.objects.count(), ContentType.objects.count())
out("after flush", Author.objects.create(name="New").id)



# The application's test suite: Django's runner (keepdb), a TestCase (class-wide atomic
# block, a savepoint per test, check_constraints at the end) and a TransactionTestCase
# (flush after the test).
class CaseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = Author.objects.create(name="T1")

    def test_create(self):
        Book.objects.create(author=self.author, title="x", created=stamp(2024, 1, 1))
        self.assertEqual(Book.objects.count(), 1)

    def test_isolated(self):
        self.assertEqual(Book.objects.count(), 0)
        with self.assertRaises(IntegrityError):
            with transaction.atomic():
                Author.objects.create(name="T1")


class TransactionTests(TransactionTestCase):
    def test_create(self):
        Author.objects.create(name="T3")
        self.assertEqual(Author.objects.filter(name="T3").count(), 1)


runner = DiscoverRunner(keepdb=True, verbosity=0)
old_config = runner.setup_databases()
result = unittest.TextTestRunner(stream=io.StringIO(), verbosity=0).run(unittest.TestSuite(
    [unittest.defaultTestLoader.loadTestsFromTestCase(c) for c in (CaseTests, TransactionTests)]))
runner.teardown_databases(old_config)
out("test suite", result.testsRun, [str(f[1]).splitlines()[-1] for f in result.failures + result.errors])

migrate("djangoapp", "zero")
out("done")
