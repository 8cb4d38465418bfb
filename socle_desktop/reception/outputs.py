"""`reception exporter`: every output of the register into one folder, each file atomic.

    fr-en-aap-snee-collectivites.csv/.xlsx   conventions (retained dossiers), national columns
    fr-en-aap-snee-ecoles.csv/.xlsx          their schools
    synthese-departements.csv/.xlsx          the press release's figures per département
    synthese-departements.png/.svg           the chart of schools retained / proposed
    communique.txt                           the French text for a préfecture's press release
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..fileio import atomic_write_text
from .chart import write_chart
from .communique import press_text
from .opendata import SYNTHESE, Outputs, build, write_tables
from .register import Register

COMMUNIQUE = "communique.txt"


@dataclass
class Exported:
    paths: list[Path]
    outputs: Outputs


def export_outputs(register: Register, out_dir: Path | str, *, chart: bool = True) -> Exported:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = build(register)
    paths = write_tables(outputs, out_dir)
    if chart:
        paths += write_chart(outputs.departements, out_dir, SYNTHESE)
    communique = out_dir / COMMUNIQUE
    atomic_write_text(communique, press_text(outputs))
    paths.append(communique)
    return Exported(paths, outputs)
