"""The lab's models: the shapes of tests/nplusone_lab/shapes.py run against these."""

from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=50)


class Profile(models.Model):
    author = models.OneToOneField(Author, on_delete=models.CASCADE)
    bio = models.TextField(default="")


class Tag(models.Model):
    label = models.CharField(max_length=20)


class Book(models.Model):
    title = models.CharField(max_length=50)
    isbn = models.CharField(max_length=20, default="")
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    editor = models.ForeignKey(Author, null=True, on_delete=models.SET_NULL, related_name="edited")
    tags = models.ManyToManyField(Tag)

    def __str__(self):
        return f"{self.title} by {self.author.name}"


class Review(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="reviews")
    stars = models.IntegerField(default=3)
