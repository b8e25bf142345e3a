# What later migrations of an application do (written by hand, in makemigrations' form):
# add a column with a default (ADD COLUMN … DEFAULT, then DROP DEFAULT), make a nullable
# column NOT NULL with a default (SET DEFAULT, UPDATE, SET NOT NULL, DROP DEFAULT), widen
# a unique varchar, add and remove a column, change unique_together.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('djangoapp', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='author',
            name='nickname',
            field=models.CharField(default='none', max_length=20),
        ),
        migrations.AddField(
            model_name='book',
            name='rating',
            field=models.IntegerField(null=True),
        ),
        migrations.AlterField(
            model_name='book',
            name='rating',
            field=models.IntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='tag',
            name='name',
            field=models.CharField(max_length=60, unique=True),
        ),
        migrations.AddField(
            model_name='review',
            name='legacy',
            field=models.TextField(null=True),
        ),
        migrations.RemoveField(
            model_name='review',
            name='legacy',
        ),
        migrations.AlterUniqueTogether(
            name='book',
            unique_together={('author', 'title'), ('title', 'published')},
        ),
    ]
