"""Models of the Django scenario (django_scenario.py): the field types, keys and indexes an
application moving onto IRIS declares."""
from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=50, unique=True)
    email = models.CharField(max_length=100, blank=True, default="")
    bio = models.TextField(null=True, blank=True)
    born = models.DateField(null=True)
    active = models.BooleanField(default=True)
    nickname = models.CharField(max_length=20, default="none")

    class Meta:
        indexes = [models.Index(fields=["born"], name="author_born_idx")]


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)


class Book(models.Model):
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    title = models.CharField(max_length=100, db_index=True)
    pages = models.IntegerField(default=0)
    price = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    published = models.DateField(null=True)
    created = models.DateTimeField()
    tags = models.ManyToManyField(Tag, blank=True, related_name="books")
    rating = models.IntegerField(default=0)

    class Meta:
        unique_together = [("author", "title"), ("title", "published")]
        indexes = [models.Index(fields=["pages", "price"], name="book_pages_price_idx")]


class Review(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="reviews")
    editor = models.ForeignKey(Author, on_delete=models.SET_NULL, null=True, related_name="+")
    stars = models.IntegerField()
    text = models.TextField(blank=True, default="")
