"""Where things are: areas (wards, LSOAs), categories of help, postcodes."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.db import Base, utcnow
from community.models.types import StringEnum, UTCDateTime, one_of, values_of

__all__ = ["Area", "Category", "CouncilSettings", "Postcode", "AreaKind", "AREA_KINDS"]


class AreaKind(StrEnum):
    WARD = "ward"
    LSOA = "lsoa"
    CUSTOM = "custom"


AREA_KINDS = values_of(AreaKind)


class Area(Base):
    __tablename__ = "areas"
    __table_args__ = (one_of("kind", AREA_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_welsh: Mapped[str | None] = mapped_column(String(120))
    kind: Mapped[AreaKind] = mapped_column(StringEnum(AreaKind, 16), index=True)
    # GeoJSON geometry (Polygon or MultiPolygon, WGS84 lon/lat) as text: portable across databases.
    geometry: Mapped[str] = mapped_column(Text)
    # Bounding box and centre let point-in-area lookups skip most polygons without parsing them.
    min_lat: Mapped[float] = mapped_column(Float)
    min_lng: Mapped[float] = mapped_column(Float)
    max_lat: Mapped[float] = mapped_column(Float)
    max_lng: Mapped[float] = mapped_column(Float)
    centre_lat: Mapped[float] = mapped_column(Float)
    centre_lng: Mapped[float] = mapped_column(Float)
    population: Mapped[int | None] = mapped_column(Integer)

    def __repr__(self) -> str:
        return f"<Area {self.code} {self.name}>"


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    description: Mapped[str] = mapped_column(String(255), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id", ondelete="SET NULL"))
    # Health-related: shown on public maps only in aggregate and needing explicit consent to post.
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    # Regulated activity: only a volunteer with an unexpired DBS check may take it on.
    regulated: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Retired: no longer offered as a choice, but posts and groups that have it keep it.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    parent: Mapped[Category | None] = relationship(remote_side=[id])

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    def __repr__(self) -> str:
        return f"<Category {self.slug}>"


class CouncilSettings(Base):
    """The council running this Weave: one row, made by ``flask council setup`` or the admin pages.

    The area it covers and where maps start are not stored: they are worked out from the imported wards.
    """

    __tablename__ = "council_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Postcode(Base):
    """An imported postcode centroid (ONS Postcode Directory style); the demo ships none."""

    __tablename__ = "postcodes"

    # Stored without spaces, upper case: "W54HX".
    postcode: Mapped[str] = mapped_column(String(8), primary_key=True)
    lat: Mapped[float] = mapped_column(Float)
    lng: Mapped[float] = mapped_column(Float)
