"""The reception register: `reception.sqlite` in the data folder, one row per bundle version.

Each bundle received (by the tus reception point, on a USB stick, by mail) is verified once and
filed here with what the instruction needs: the dossier id, the version's signing time, the
signer, the collectivité (SIREN, commune, département), its schools and classes, the amounts
asked, the verification status and report. The newest *valid* version of a dossier id
supersedes the older ones (computed on read: a row is never rewritten when another arrives) —
but only among versions signed with one certificate: valid versions of one dossier signed by
different keys put the dossier « à confirmer » (no current version, nothing superseded,
no decision possible) until the State agent keeps one signer (`confirm_signer`), which sets the
other signers' versions aside (« écarté »), visibly. Why: the version order is the signing time
that the signer writes in bag-info.txt; it is covered by that signer's signature, so it orders
one signer's own versions, but anyone can make a certificate naming a commune and write a later
date, so between two signers the date proves nothing (issue 13, the forged newer version). The
signer is its key (the SHA-256 of the certificate's public key), not the certificate: a commune
whose certificate is renewed on the same key stays one signer, and a certificate on another key
can only be made by someone else.
A decision (retained or not, with the amount granted) belongs to the dossier id and records
the bundle it was taken on, so a later version shows that the decision predates it.

Plain `sqlite3`, one transaction per batch of filed bundles; no Qt, no French prose (the
front-ends' catalogue, catalogue/, words statuses, decisions and refusals).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.coded_error import CodedError
from ..domain.identifiers import distinct_prefix_length

REGISTER_FILENAME = "reception.sqlite"
# PRAGMA application_id: "SOCR" in ASCII (the library is "SOCL").
APPLICATION_ID = 0x534F4352
SCHEMA_VERSION = 2

# Verification statuses of one bundle version.
VALID = "valide"          # intact, bound, instructable
REJECTED = "rejete"       # a check failed
DRAFT = "brouillon"       # intact but a draft: not instructable
EXAMPLE = "exemple"       # intact but a fictional example: not instructable
UNCHECKED = "non_juge"    # this computer could not run the checks
SUPERSEDED = "remplace"   # valid, but a newer valid version of the same dossier exists (derived)
CONFLICT = "a_confirmer"  # valid, but the dossier's valid versions have several signers (derived)
SET_ASIDE = "ecarte"      # valid, signed by another certificate than the one the agent kept (derived)
STATUSES = (VALID, SUPERSEDED, CONFLICT, SET_ASIDE, REJECTED, DRAFT, EXAMPLE, UNCHECKED)

RETAINED, NOT_RETAINED = "retenu", "non-retenu"
DECISIONS = (RETAINED, NOT_RETAINED)

_SCHEMA = """
CREATE TABLE paquets (
    sha256 TEXT PRIMARY KEY,                -- the bundle file's SHA-256: one row per version
    chemin TEXT NOT NULL,                   -- where it was last seen
    taille INTEGER NOT NULL,
    recu_le TEXT NOT NULL,                  -- ISO 8601 UTC, when first filed
    etat TEXT NOT NULL,                     -- valide | rejete | brouillon | exemple | non_juge
    dossier_id TEXT NOT NULL DEFAULT '',    -- '' when dossier.json could not be read
    signe_le TEXT NOT NULL DEFAULT '',      -- signing time written in bag-info.txt (the version)
    signataire TEXT NOT NULL DEFAULT '',
    empreinte TEXT NOT NULL DEFAULT '',     -- signer certificate SHA-256
    raison_sociale TEXT NOT NULL DEFAULT '',
    type_collectivite TEXT NOT NULL DEFAULT '',
    siren TEXT NOT NULL DEFAULT '',
    code_insee TEXT NOT NULL DEFAULT '',    -- the collectivité's seat
    code_departement TEXT NOT NULL DEFAULT '',
    code_academie TEXT NOT NULL DEFAULT '',
    nb_ecoles INTEGER NOT NULL DEFAULT 0,
    nb_classes INTEGER NOT NULL DEFAULT 0,
    depense_ttc_centimes INTEGER NOT NULL DEFAULT 0,
    subvention_centimes INTEGER NOT NULL DEFAULT 0,
    ecoles TEXT NOT NULL DEFAULT '[]',      -- JSON [{uai, nom, code_insee, nb_classes, nb_eleves}]
    controles TEXT NOT NULL DEFAULT '[]',   -- JSON [[label, passed, detail]]
    rapport TEXT NOT NULL DEFAULT ''        -- the verification report, as verify prints it
);
CREATE INDEX paquets_dossier ON paquets(dossier_id, signe_le);
CREATE TABLE fichiers (                     -- what was seen where: a second pass skips them
    chemin TEXT PRIMARY KEY,
    taille INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE TABLE decisions (
    dossier_id TEXT PRIMARY KEY,
    decision TEXT NOT NULL,                 -- retenu | non-retenu
    montant_centimes INTEGER NOT NULL,      -- subsidy granted (0 when not retained)
    paquet_sha256 TEXT NOT NULL,            -- the version the decision was taken on
    decide_le TEXT NOT NULL
);
"""
# Schema 2 (issue 13): the agent's word on signers. Created by both a new register and the migration.
_SCHEMA_2 = """
ALTER TABLE paquets ADD COLUMN cle TEXT NOT NULL DEFAULT '';  -- SHA-256 of the signer's public key
CREATE TABLE ecartes (                      -- valid versions set aside: another signer was kept
    sha256 TEXT PRIMARY KEY,
    dossier_id TEXT NOT NULL,
    ecarte_le TEXT NOT NULL
);
CREATE TABLE confirmations (                -- signer certificates whose identity the agent confirmed
    empreinte TEXT PRIMARY KEY,             -- certificate SHA-256, lower-case hex
    source TEXT NOT NULL,                   -- the trust list's file name, or 'agent'
    confirme_le TEXT NOT NULL
);
"""


class RegisterError(CodedError):
    """Something about the register the user must fix; `code` says what, `detail` names it
    (worded by the front-ends' catalogue, catalogue/reception_errors.py)."""

    def __init__(self, code: str, detail: str = "", candidates: tuple[tuple[str, ...], ...] = (), more: int = 0,
                 **values):
        super().__init__(code, detail=detail, candidates=tuple(candidates), more=more, **values)
        self.detail = detail
        # What an ambiguous or too short prefix starts: (dossier id's start, raison sociale) for
        # dossiers, (SHA-256's start, dossier id's start, raison sociale) for bundles, the first
        # few of them; `more`: how many others.
        self.candidates = self.values["candidates"]
        self.more = more


@dataclass
class FiledBundle:
    """What the register keeps of one verified bundle version (built by `batch.summarise`)."""

    sha256: str
    path: str
    size: int
    status: str
    dossier_id: str = ""
    signed_at: str = ""
    signer: str = ""
    fingerprint: str = ""
    raison_sociale: str = ""
    collectivite_type: str = ""
    siren: str = ""
    code_insee: str = ""
    code_departement: str = ""
    code_academie: str = ""
    schools: list[dict] = field(default_factory=list)
    classes: int = 0
    spending_centimes: int = 0
    subsidy_centimes: int = 0
    checks: list = field(default_factory=list)
    report: str = ""
    confirmed: bool = False  # the trust list given to this verification anchors the signer
    key_sha256: str = ""     # SHA-256 of the signer certificate's public key (SubjectPublicKeyInfo)


@dataclass(slots=True)
class Entry:
    """One bundle version as listed: its row, its derived status, its dossier's decision."""

    sha256: str
    path: str
    received_at: str
    status: str            # one of STATUSES (SUPERSEDED derived here)
    version: int           # 1 for the oldest version of this dossier id, by signing time
    dossier_id: str
    signed_at: str
    signer: str
    fingerprint: str
    raison_sociale: str
    collectivite_type: str
    siren: str
    code_insee: str
    code_departement: str
    code_academie: str
    school_count: int
    classes: int
    spending_centimes: int
    subsidy_centimes: int
    decision: str = ""             # retenu | non-retenu | ''
    granted_centimes: int | None = None
    decision_on_older: bool = False  # the decision was taken on another (older) version
    confirmed: bool = False          # the signer's certificate is confirmed (trust list, or the agent)

    @property
    def current(self) -> bool:
        """The version that counts for its dossier (the newest valid one)."""
        return self.status == VALID


def register_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / REGISTER_FILENAME


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


class Register:
    """The register file. Use as a context manager; one instance per thread or process."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        except OSError as error:
            raise RegisterError("unreadable", str(self.path), os_error=error) from None
        except sqlite3.Error:  # SQLite's reason is English: the path says which file
            raise RegisterError("unreadable", str(self.path)) from None
        try:
            self._prepare()
        except sqlite3.DatabaseError:
            self.db.close()
            raise RegisterError("not_a_register", str(self.path)) from None

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _prepare(self) -> None:
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = FULL")
        self.db.execute("PRAGMA foreign_keys = ON")
        application_id = self.db.execute("PRAGMA application_id").fetchone()[0]
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and application_id == 0:
            tables = self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise sqlite3.DatabaseError("an SQLite database that is not a reception register")
            self._create()
            return
        if application_id != APPLICATION_ID:
            raise sqlite3.DatabaseError("an SQLite database that is not a reception register")
        if version > SCHEMA_VERSION:
            raise RegisterError("newer", str(self.path), version=version)
        if version < 2:
            with self.transaction():
                self._run(_SCHEMA_2)
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _run(self, script: str) -> None:
        for statement in script.split(";"):
            if statement.strip():
                self.db.execute(statement)

    def _create(self) -> None:
        with self.transaction():
            self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self._run(_SCHEMA)
            self._run(_SCHEMA_2)
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- incremental verification -----------------------------------------------------------

    def seen_files(self) -> dict[str, tuple[int, int, str]]:
        """path -> (size, mtime_ns, sha256) of every file already filed."""
        return {row[0]: (row[1], row[2], row[3])
                for row in self.db.execute("SELECT chemin, taille, mtime_ns, sha256 FROM fichiers")}

    def known_hashes(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT sha256 FROM paquets")}

    def remember_files(self, files: Iterable[tuple[str, int, int, str]]) -> None:
        """Record (path, size, mtime_ns, sha256) of files whose bundle is already filed."""
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO fichiers VALUES (?, ?, ?, ?)", files)

    def file_many(self, filed: Iterable[tuple[FiledBundle, int]]) -> None:
        """File verified bundles (with the file's mtime_ns) in one transaction. A bundle whose
        bytes are already filed keeps its first verification (the same bytes give the same report)."""
        now = _now()
        with self.transaction():
            for bundle, mtime_ns in filed:
                self.db.execute(
                    "INSERT OR IGNORE INTO paquets (sha256, chemin, taille, recu_le, etat, dossier_id, signe_le, "
                    "signataire, empreinte, raison_sociale, type_collectivite, siren, code_insee, code_departement, "
                    "code_academie, nb_ecoles, nb_classes, depense_ttc_centimes, subvention_centimes, ecoles, "
                    "controles, rapport, cle) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (bundle.sha256, bundle.path, bundle.size, now, bundle.status, bundle.dossier_id,
                     bundle.signed_at, bundle.signer, bundle.fingerprint, bundle.raison_sociale,
                     bundle.collectivite_type, bundle.siren, bundle.code_insee, bundle.code_departement,
                     bundle.code_academie, len(bundle.schools), bundle.classes, bundle.spending_centimes,
                     bundle.subsidy_centimes, json.dumps(bundle.schools, ensure_ascii=False),
                     json.dumps(bundle.checks, ensure_ascii=False), bundle.report, bundle.key_sha256),
                )
                self.db.execute("INSERT OR REPLACE INTO fichiers VALUES (?, ?, ?, ?)",
                                (bundle.path, bundle.size, mtime_ns, bundle.sha256))
                if bundle.confirmed and bundle.fingerprint:
                    self.db.execute("INSERT OR IGNORE INTO confirmations VALUES (?, ?, ?)",
                                    (bundle.fingerprint, "liste de confiance", now))

    def confirm_fingerprints(self, fingerprints: Iterable[str], source: str) -> int:
        """Record signer certificates (SHA-256 hex) as confirmed, e.g. a trust list's pinned
        fingerprints and certificates; returns how many of the register's bundles they confirm."""
        now = _now()
        with self.transaction():
            self.db.executemany("INSERT OR IGNORE INTO confirmations VALUES (?, ?, ?)",
                                [(value.lower(), source, now) for value in fingerprints])
        return self.db.execute("SELECT count(*) FROM paquets WHERE empreinte IN "
                               "(SELECT empreinte FROM confirmations)").fetchone()[0]

    def file(self, bundle: FiledBundle, mtime_ns: int = 0) -> Entry:
        self.file_many([(bundle, mtime_ns)])
        return self.entry(bundle.sha256)

    # --- reading ----------------------------------------------------------------------------

    _ENTRY_SQL = """
        SELECT p.sha256, p.chemin, p.recu_le, p.etat, p.dossier_id, p.signe_le, p.signataire, p.empreinte,
               p.raison_sociale, p.type_collectivite, p.siren, p.code_insee, p.code_departement,
               p.code_academie, p.nb_ecoles, p.nb_classes, p.depense_ttc_centimes, p.subvention_centimes,
               d.decision, d.montant_centimes, d.paquet_sha256, e.sha256 IS NOT NULL, c.empreinte IS NOT NULL,
               CASE WHEN p.cle != '' THEN p.cle ELSE p.empreinte END
        FROM paquets p LEFT JOIN decisions d ON d.dossier_id = p.dossier_id AND p.dossier_id != ''
        LEFT JOIN ecartes e ON e.sha256 = p.sha256
        LEFT JOIN confirmations c ON c.empreinte = p.empreinte AND p.empreinte != ''
    """

    def entries(self, *, status: str | None = None, current_only: bool = False) -> list[Entry]:
        """Every bundle version, dossiers by collectivité, newest signing first within a dossier.
        Versions and the current version are derived here in one pass (no query per row)."""
        rows = self.db.execute(self._ENTRY_SQL).fetchall()
        entries = self._entries(rows)
        # Stable sorts, the last key first: collectivité, dossier, then newest signing first.
        entries.sort(key=lambda entry: entry.sha256)
        entries.sort(key=lambda entry: entry.signed_at, reverse=True)
        entries.sort(key=lambda entry: (entry.raison_sociale, entry.dossier_id))
        if status is not None:
            entries = [entry for entry in entries if entry.status == status]
        if current_only:
            entries = [entry for entry in entries if entry.current]
        return entries

    @classmethod
    def _entries(cls, rows) -> list[Entry]:
        """Rows holding every version of each dossier they mention -> entries."""
        by_dossier: dict[str, list] = {}
        loose = []
        for row in rows:
            if row[4]:
                by_dossier.setdefault(row[4], []).append(row)
            else:
                loose.append(row)
        result = [cls._entry(row, 1, "", False) for row in loose]
        for versions in by_dossier.values():
            # The signer-written signing time numbers the versions for display and orders the
            # versions of ONE signer (its signature covers that date). It never decides between
            # two certificates: whoever makes a certificate can write any date (module docstring).
            versions.sort(key=lambda row: (row[5], row[0]))  # signing time, then bytes: a stable order
            valid = [row for row in versions if row[3] == VALID and not row[21]]
            conflict = len({row[23] for row in valid}) > 1  # signers: keys (module docstring)
            current = "" if conflict or not valid else max(valid, key=lambda row: (row[5], row[2], row[0]))[0]
            result += [cls._entry(row, rank, current, conflict) for rank, row in enumerate(versions, 1)]
        return result

    def entry(self, sha256: str) -> Entry:
        row = self.db.execute("SELECT dossier_id FROM paquets WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise RegisterError("unknown", sha256)
        if row[0]:
            entries = self._versions(row[0])
        else:
            entries = self._entries(self.db.execute(self._ENTRY_SQL + " WHERE p.sha256 = ?", (sha256,)).fetchall())
        return next(entry for entry in entries if entry.sha256 == sha256)

    @staticmethod
    def _entry(row, version: int, current_sha256: str, conflict: bool) -> Entry:
        status = row[3]
        if status == VALID and row[21]:
            status = SET_ASIDE
        elif status == VALID and conflict:
            status = CONFLICT
        elif status == VALID and current_sha256 != row[0]:
            status = SUPERSEDED
        decision = row[18] or ""
        return Entry(
            sha256=row[0], path=row[1], received_at=row[2], status=status, version=version,
            dossier_id=row[4], signed_at=row[5], signer=row[6], fingerprint=row[7], raison_sociale=row[8],
            collectivite_type=row[9], siren=row[10], code_insee=row[11], code_departement=row[12],
            code_academie=row[13], school_count=row[14], classes=row[15], spending_centimes=row[16],
            subsidy_centimes=row[17], decision=decision if status == VALID else "",
            granted_centimes=row[19] if status == VALID and decision else None,
            decision_on_older=bool(decision) and status == VALID and row[20] != row[0],
            confirmed=bool(row[22]),
        )

    def report(self, sha256: str) -> tuple[str, list]:
        row = self.db.execute("SELECT rapport, controles FROM paquets WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise RegisterError("unknown", sha256)
        return row[0], json.loads(row[1])

    def schools(self, sha256: str) -> list[dict]:
        row = self.db.execute("SELECT ecoles FROM paquets WHERE sha256 = ?", (sha256,)).fetchone()
        return json.loads(row[0]) if row else []

    def current_with_schools(self, entries: list[Entry] | None = None) -> Iterator[tuple[Entry, list[dict]]]:
        """The current (newest valid) version of each dossier with its schools (one query).
        `entries`: the register's entries when the caller already has them."""
        schools = dict(self.db.execute("SELECT sha256, ecoles FROM paquets WHERE etat = ?", (VALID,)))
        for entry in self.entries() if entries is None else entries:
            if not entry.current:
                continue
            yield entry, json.loads(schools.pop(entry.sha256))

    def find(self, text: str) -> Entry:
        """The current version of the dossier whose id is `text` (or starts with it, when unique),
        or the bundle whose SHA-256 starts with it."""
        text = text.strip().lower()
        ids = [row[0] for row in self.db.execute(
            "SELECT DISTINCT dossier_id FROM paquets WHERE dossier_id != '' AND substr(lower(dossier_id), 1, ?) = ?",
            (len(text), text))] if text else []
        if len(text) < 6:
            raise RegisterError("too_short", text, *self._named(ids))
        if not ids:
            shas = [row[0] for row in self.db.execute(
                "SELECT sha256 FROM paquets WHERE substr(sha256, 1, ?) = ?", (len(text), text))]
            if len(shas) == 1:
                return self.entry(shas[0])
            raise RegisterError("ambiguous" if shas else "unknown", text)
        if len(ids) > 1:
            raise RegisterError("ambiguous", text, *self._named(ids))
        versions = [entry for entry in self._versions(ids[0])]
        current = [entry for entry in versions if entry.current]
        if not current:
            if any(entry.status == CONFLICT for entry in versions):
                raise RegisterError("signer_conflict", ids[0])
            raise RegisterError("no_valid_version", ids[0])
        return current[0]

    def _named(self, ids: list[str], shown: int = 5) -> tuple[tuple[tuple[str, str], ...], int]:
        """(id's start, raison sociale) for the first `shown` ids, each as far as it differs from
        the others, and how many more there are."""
        width = distinct_prefix_length(ids[:shown])
        named = []
        for dossier_id in ids[:shown]:
            row = self.db.execute("SELECT raison_sociale FROM paquets WHERE dossier_id = ? ORDER BY rowid DESC "
                                  "LIMIT 1", (dossier_id,)).fetchone()
            named.append((dossier_id[:width], (row[0] if row else "") or ""))
        return tuple(named), max(0, len(ids) - shown)

    def _named_bundles(self, shas: list[str], shown: int = 5) -> tuple[tuple[tuple[str, str, str], ...], int]:
        """(SHA-256's start, dossier id's start, raison sociale) for the first `shown` bundles,
        as far as each differs, and how many more there are."""
        width = distinct_prefix_length(shas[:shown])
        named = []
        for sha in shas[:shown]:
            row = self.db.execute("SELECT dossier_id, raison_sociale FROM paquets WHERE sha256 = ?", (sha,)).fetchone()
            dossier_id, name = row if row else ("", "")
            named.append((sha[:width], (dossier_id or "")[:8], name or ""))
        return tuple(named), max(0, len(shas) - shown)

    def _versions(self, dossier_id: str) -> list[Entry]:
        """Every version of a dossier, the newest signing first."""
        rows = self.db.execute(self._ENTRY_SQL + " WHERE p.dossier_id = ?", (dossier_id,)).fetchall()
        return sorted(self._entries(rows), key=lambda entry: entry.version, reverse=True)

    def versions(self, dossier_id: str) -> list[Entry]:
        return self._versions(dossier_id)

    def confirm_signer(self, sha256_text: str) -> tuple[Entry, int]:
        """The agent keeps the signer of this bundle (its SHA-256, or the start of it) for its
        dossier: the dossier's valid versions signed by other certificates are set aside, the
        kept signer's versions are no longer, and its certificate is recorded as confirmed.
        Returns the bundle's entry and how many versions are now set aside. A version by yet
        another certificate arriving later puts the dossier « à confirmer » again."""
        text = sha256_text.strip().lower()
        shas = [row[0] for row in self.db.execute(
            "SELECT sha256 FROM paquets WHERE substr(sha256, 1, ?) = ?", (len(text), text))] if text else []
        if len(text) < 8:
            raise RegisterError("too_short_sha", text, *self._named_bundles(shas))
        if len(shas) != 1:
            raise RegisterError("ambiguous_sha" if shas else "unknown_sha", text, *self._named_bundles(shas))
        signer_sql = "CASE WHEN cle != '' THEN cle ELSE empreinte END"
        row = self.db.execute(f"SELECT dossier_id, etat, empreinte, {signer_sql} FROM paquets WHERE sha256 = ?",
                              (shas[0],)).fetchone()
        dossier_id, status, fingerprint, signer = row
        if status != VALID or not dossier_id or not fingerprint:
            raise RegisterError("not_valid", shas[0])
        others = [sha for (sha,) in self.db.execute(
            f"SELECT sha256 FROM paquets WHERE dossier_id = ? AND etat = ? AND {signer_sql} != ?",
            (dossier_id, VALID, signer))]
        now = _now()
        with self.transaction():
            self.db.execute("DELETE FROM ecartes WHERE dossier_id = ?", (dossier_id,))
            self.db.executemany("INSERT INTO ecartes VALUES (?, ?, ?)", [(sha, dossier_id, now) for sha in others])
            self.db.execute("INSERT OR REPLACE INTO confirmations VALUES (?, ?, ?)", (fingerprint, "agent", now))
        return self.entry(shas[0]), len(others)

    # --- the instruction --------------------------------------------------------------------

    def decide(self, dossier_text: str, decision: str, granted_centimes: int | None = None) -> Entry:
        """Record the decision on the dossier's current version. Retained: `granted_centimes`
        defaults to the subsidy asked and may not exceed it; not retained: 0."""
        if decision not in DECISIONS:
            raise RegisterError("bad_decision", decision)
        entry = self.find(dossier_text)
        if decision == NOT_RETAINED:
            if granted_centimes:
                raise RegisterError("amount_not_retained", str(granted_centimes))
            granted = 0
        else:
            granted = entry.subsidy_centimes if granted_centimes is None else granted_centimes
            if granted < 0 or granted > entry.subsidy_centimes:
                raise RegisterError("amount_above_asked", str(granted))
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO decisions VALUES (?, ?, ?, ?, ?)",
                            (entry.dossier_id, decision, granted, entry.sha256, _now()))
        return self.entry(entry.sha256)

    def decide_many(self, decisions: Iterable[tuple[str, str, int]]) -> int:
        """Record (dossier id, decision, granted centimes) for many dossiers in one transaction
        (a committee's list); each on its dossier's current version, checked like `decide`."""
        current = {entry.dossier_id: entry for entry in self.entries(current_only=True)}
        now = _now()
        rows = []
        for dossier_id, decision, granted in decisions:
            entry = current.get(dossier_id)
            if entry is None:
                if any(other.status == CONFLICT for other in self._versions(dossier_id)):
                    raise RegisterError("signer_conflict", dossier_id)
                raise RegisterError("unknown", dossier_id)
            if decision not in DECISIONS:
                raise RegisterError("bad_decision", decision)
            if decision == NOT_RETAINED and granted:
                raise RegisterError("amount_not_retained", str(granted))
            if not 0 <= granted <= entry.subsidy_centimes:
                raise RegisterError("amount_above_asked", str(granted))
            rows.append((dossier_id, decision, granted, entry.sha256, now))
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO decisions VALUES (?, ?, ?, ?, ?)", rows)
        return len(rows)

    def counts(self, entries: list[Entry] | None = None) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for entry in self.entries() if entries is None else entries:
            counts[entry.status] += 1
        return counts
