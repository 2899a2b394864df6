import pytest
from sqlalchemy.orm import Session

from tests.factories import World
from tests.ngo.factories import Scene, scene


@pytest.fixture
def s(db: Session, world: World) -> Scene:
    return scene(db, world)
