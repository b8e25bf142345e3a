"""A SQLAlchemy ORM program on psycopg2 (what a Python web application does): create_all
(with a native enum type), inserts with RETURNING of generated ids, relationships,
aggregates, updates, cascading deletes, a streamed query (server-side cursor), drop_all.

Usage: sqlalchemy_scenario.py DSN TABLE
"""
import datetime
import decimal
import enum
import sys

import psycopg2
from sqlalchemy import Boolean, Column, DateTime, Enum, ForeignKey, Integer, Numeric, String, Text, create_engine, func, select
from sqlalchemy.orm import Session, declarative_base, relationship

dsn, prefix = sys.argv[1], sys.argv[2]
Base = declarative_base()


class Mood(enum.Enum):
    sad = 1
    ok = 2
    happy = 3


class User(Base):
    __tablename__ = prefix + "_users"
    id = Column(Integer, primary_key=True)
    name = Column(String(50), nullable=False)
    bio = Column(Text)
    active = Column(Boolean, default=True)
    created = Column(DateTime, default=datetime.datetime(2024, 1, 2, 3, 4, 5, 678000))
    mood = Column(Enum(Mood, name=prefix + "_mood"))
    orders = relationship("Order", back_populates="user", cascade="all, delete-orphan", order_by="Order.id")


class Order(Base):
    __tablename__ = prefix + "_orders"
    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey(prefix + "_users.id"), nullable=False)
    amount = Column(Numeric(10, 2))
    placed = Column(DateTime)
    user = relationship("User", back_populates="orders")


def out(*args):
    print(*args, flush=True)


engine = create_engine("postgresql+psycopg2://", creator=lambda: psycopg2.connect(dsn), future=True)
Base.metadata.drop_all(engine)
Base.metadata.create_all(engine)
with Session(engine, future=True) as s:
    ann = User(name="ann", bio="hello", orders=[
        Order(amount=decimal.Decimal("1.50"), placed=datetime.datetime(2024, 3, 1, 12, 0)),
        Order(amount=decimal.Decimal("2.25"), placed=datetime.datetime(2024, 3, 2, 8, 30, 15, 250000)),
    ])
    s.add_all([ann, User(name="bob", mood=Mood.happy), User(name="cy", active=False, mood=Mood.sad)])
    s.commit()
    out("ids", ann.id, [o.id for o in ann.orders])
    q = (select(User.name, func.count(Order.id), func.sum(Order.amount))
         .outerjoin(Order).group_by(User.name).order_by(User.name))
    for row in s.execute(q):
        out("per user", tuple(row))
    since = datetime.datetime(2024, 3, 2)
    out("orders since", s.execute(select(Order.id, Order.placed).where(Order.placed >= since)).all())
    bob = s.execute(select(User).where(User.name == "bob")).scalars().one()
    bob.bio = "changed"
    s.commit()
    out("bob", bob.id, bob.bio, bob.active, bob.created)
    out("inactive", s.execute(select(User.name).where(User.active.is_(False))).scalars().all())
    out("by mood", s.execute(select(User.name, User.mood).order_by(User.mood, User.id)).all())
    out("happier than sad", s.execute(select(User.name).where(User.mood > Mood.sad)).scalars().all())
    s.delete(ann)
    s.commit()
    out("left", s.scalar(select(func.count()).select_from(Order)), s.scalar(select(func.count()).select_from(User)))
    streamed = s.execute(select(User.name).order_by(User.id).execution_options(stream_results=True, yield_per=1))
    out("streamed", [name for name in streamed.scalars()])
Base.metadata.drop_all(engine)
out("done")
