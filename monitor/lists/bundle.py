"""Building the compressed list archives shipped in `monitor/data/`.

The archives keep the publisher's bytes unchanged, so a bundled list has the same content hash
(and version id) as the folder it was made from. Archives are reproducible: fixed order, mtime
and ownership. Rebuild with `python -m monitor.lists.bundle FOLDER... --out monitor/data`.
"""

from __future__ import annotations

import argparse
import io
import lzma
import tarfile
from collections.abc import Sequence
from pathlib import Path

from monitor.lists.load import ARCHIVE_SUFFIX, parse_raw, read_raw


def write_archive(folder: Path, out_dir: Path) -> Path:
    """`folder/` (e.g. ofac-sdn-2024-12-16/) -> `out_dir/ofac-sdn-2024-12-16.tar.xz`."""
    raw = read_raw(folder)
    parse_raw(raw)  # never bundle what would not load
    target = out_dir / f"{raw.label}{ARCHIVE_SUFFIX}"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name in sorted(raw.files):
            info = tarfile.TarInfo(f"{raw.label}/{name}")
            info.size, info.mode, info.mtime = len(raw.files[name]), 0o444, 0
            tar.addfile(info, io.BytesIO(raw.files[name]))
    target.write_bytes(lzma.compress(buffer.getvalue(), preset=9 | lzma.PRESET_EXTREME))
    return target


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent.parent / "data")
    args = parser.parse_args(argv)
    for folder in args.folders:
        print(write_archive(folder, args.out))


if __name__ == "__main__":
    main()
