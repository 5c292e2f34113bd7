"""`python -m worker`: what `acervo serve` starts next to its embedded queue."""

from models.settings import Settings
from worker.main import run

run(Settings())
