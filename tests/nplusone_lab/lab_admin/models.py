"""The admin lab's models: the shapes of tests/nplusone_lab/shapes_admin.py register ModelAdmins for these."""

from django.db import models


class Publisher(models.Model):
    name = models.CharField(max_length=50)

    def __str__(self):
        return self.name


class Writer(models.Model):
    name = models.CharField(max_length=50)
    publisher = models.ForeignKey(Publisher, null=True, on_delete=models.SET_NULL)

    def __str__(self):
        return self.name


class Label(models.Model):
    name = models.CharField(max_length=20)


class Article(models.Model):
    title = models.CharField(max_length=50)
    writer = models.ForeignKey(Writer, on_delete=models.CASCADE)
    editor = models.ForeignKey(Writer, null=True, on_delete=models.SET_NULL, related_name="edited")
    labels = models.ManyToManyField(Label)

    def __str__(self):
        return self.title

    @property
    def writer_label(self):
        return f"by {self.writer.name}"


class Note(models.Model):
    text = models.CharField(max_length=50)
    article = models.ForeignKey(Article, on_delete=models.CASCADE)

    def __str__(self):
        return f"{self.text} on {self.article.title}"


class Comment(models.Model):
    body = models.CharField(max_length=50)
    note = models.ForeignKey(Note, on_delete=models.CASCADE)


class Pin(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE)

    def __str__(self):
        return "pin of %s" % self.note
