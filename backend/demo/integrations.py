"""The demo API client (DESIGN §6): municipal IT of municipality A."""

from sqlalchemy.orm import Session

from backend.demo.world import DemoWorld
from backend.integrations import service

DEMO_CLIENT_ID = "demo-municipal-it"
DEMO_CLIENT_SECRET = "pumpurs-demo-secret"


def load_demo_client(session: Session, world: DemoWorld) -> None:
    service.create_demo_client(
        session,
        name="Jēkabpils novada IT (demo)",
        client_id=DEMO_CLIENT_ID,
        secret=DEMO_CLIENT_SECRET,
        municipality_id=world.municipalities["A"].id,
    )
