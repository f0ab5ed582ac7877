"""Check the unofficial translation tables against the portal export.

Run from the project root:

    python3 kiosk/catalog/data/translations/check_translations.py [EXPORT]

EXPORT is the path of tthc-portal-records.jsonl.gz.

The export defaults to ../shared/data/tthc-portal-records.jsonl.gz (the shared data of this
workspace). Prints every problem found and exits 1 if there was any, 0 otherwise.
"""

import gzip
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
DEFAULT_EXPORT = ROOT.parent / "shared" / "data" / "tthc-portal-records.jsonl.gz"
DEMO = ROOT / "kiosk" / "catalog" / "data" / "demo-catalog.json"

# Action words and qualifiers that must come through the same way in every row (GLOSSARY.md).
# (Vietnamese term, phrase the English must contain, phrase the Indonesian must contain)
CONSISTENT = [
    ("có yếu tố nước ngoài", "with a foreign element", "dengan unsur asing"),
    ("khu vực biên giới", "border area", "wilayah perbatasan"),
    ("lưu động", "Mobile", "keliling"),
    ("đăng ký lại", "re-registration", "pendaftaran ulang"),
    ("cấp lại", "reissue", "penerbitan ulang"),
    ("cấp đổi", "replacement", "penggantian"),
    ("chứng thực", "certif", "legalisasi"),
    ("khai sinh", "birth", "kelahiran"),
    ("khai tử", "death", "kematian"),
    ("kết hôn", "marriage", "perkawinan"),
    ("giám hộ", "guardianship", "perwalian"),
    ("nuôi con nuôi", "adoption", "pengangkatan anak"),
    ("thường trú", "permanent", "tetap"),
    ("tạm trú", "temporary residence", "tempat tinggal sementara"),
    ("hộ kinh doanh", "household business", "usaha rumah tangga"),
    ("bảo hiểm xã hội", "social insurance", "asuransi sosial"),
    ("bhxh", "social insurance", "asuransi sosial"),
    ("bảo hiểm y tế", "health insurance", "asuransi kesehatan"),
    ("bhyt", "health insurance", "asuransi kesehatan"),
    ("thẻ căn cước", "identity card", "kartu identitas"),
    ("hộ chiếu", "passport", "paspor"),
    ("hòa giải viên", "mediator", "mediator"),
    ("hộ nghèo", "poor household", "rumah tangga miskin"),
    ("tranh chấp đất đai", "land dispute", "sengketa tanah"),
    ("giấy phép xây dựng", "construction permit", "izin bangunan"),
    ("thuế thu nhập cá nhân", "personal income tax", "pajak penghasilan orang pribadi"),
]
FORBIDDEN_ID = ["BPJS"]


def one_line(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


Rows = list[tuple[int, dict[str, str]]]


def read_tsv(path: Path, header: list[str]) -> tuple[list[str], Rows]:
    problems: list[str] = []
    rows: Rows = []
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != header:
        problems.append(f"{path.name}: header must be {header!r}")
        return problems, rows
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if "\r" in line:
            problems.append(f"{path.name}:{n}: carriage return in line")
        if len(cells) != len(header):
            problems.append(f"{path.name}:{n}: {len(cells)} cells, expected {len(header)}")
            continue
        for name, cell in zip(header, cells, strict=True):
            if not cell.strip():
                problems.append(f"{path.name}:{n}: empty {name}")
            elif cell != cell.strip() or "  " in cell:
                problems.append(f"{path.name}:{n}: stray spaces in {name}")
            if cell != unicodedata.normalize("NFC", cell):
                problems.append(f"{path.name}:{n}: {name} not NFC")
        rows.append((n, dict(zip(header, cells, strict=True))))
    return problems, rows


def check(export_path: Path) -> tuple[list[str], int, int]:
    records = [
        json.loads(line) for line in gzip.open(export_path, "rt", encoding="utf-8") if line.strip()
    ]
    by_code = {r["ma_thu_tuc"]: r for r in records}
    problems: list[str] = []

    p, rows = read_tsv(HERE / "procedure-names.tsv", ["code", "vi", "en", "id"])
    problems += p
    codes = [row["code"] for _, row in rows]
    if codes != sorted(codes):
        problems.append("procedure-names.tsv: not sorted by code")
    if len(codes) != len(set(codes)):
        problems.append("procedure-names.tsv: duplicate codes")
    for n, row in rows:
        rec = by_code.get(row["code"])
        if rec is None:
            problems.append(f"procedure-names.tsv:{n}: code {row['code']} not in the export")
            continue
        if row["vi"] != one_line(rec["ten_thu_tuc"]):
            problems.append(f"procedure-names.tsv:{n}: vi differs from the export name")
        vi = row["vi"].lower()
        where = f"procedure-names.tsv:{n}: {row['code']}"
        for term, en, id_ in CONSISTENT:
            if term in vi:
                if en.lower() not in row["en"].lower():
                    problems.append(f"{where} has '{term}' but en lacks '{en}'")
                if id_.lower() not in row["id"].lower():
                    problems.append(f"{where} has '{term}' but id lacks '{id_}'")
        for bad in FORBIDDEN_ID:
            if bad.lower() in row["id"].lower() or bad.lower() in row["en"].lower():
                problems.append(f"procedure-names.tsv:{n}: uses '{bad}'")

    if DEMO.exists():
        demo_codes = {p["code"] for p in json.loads(DEMO.read_text(encoding="utf-8"))["procedures"]}
        for code in sorted(demo_codes - set(codes)):
            problems.append(f"procedure-names.tsv: demo catalog procedure {code} missing")

    p, frows = read_tsv(HERE / "fields.tsv", ["vi", "en", "id"])
    problems += p
    have = [row["vi"] for _, row in frows]
    if len(have) != len(set(have)):
        problems.append("fields.tsv: duplicate fields")
    wanted = {one_line(r["linh_vuc"]) for r in records}
    for field in sorted(wanted - set(have)):
        problems.append(f"fields.tsv: field missing: {field}")
    for field in sorted(set(have) - wanted):
        problems.append(f"fields.tsv: field not in the export: {field}")

    return problems, len(rows), len(frows)


def main(argv: list[str]) -> int:
    export_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_EXPORT
    problems, n_rows, n_fields = check(export_path)
    for line in problems:
        print(line)
    print(f"{n_rows} procedure rows, {n_fields} field rows, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
