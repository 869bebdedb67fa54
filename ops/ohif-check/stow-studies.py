#!/usr/bin/env python3
"""Stores DICOM files into an archive by STOW-RS, one request per file (Python's standard library only).

    stow-studies.py ARCHIVE_URL FILE...    (ARCHIVE_URL: http://host:port, without /dicom-web)
"""
import sys
import urllib.error
import urllib.request
import uuid


def stow(archive, path):
    boundary = "ohif-check-" + uuid.uuid4().hex
    with open(path, "rb") as f:
        body = (f"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n".encode()
                + f.read() + f"\r\n--{boundary}--\r\n".encode())
    request = urllib.request.Request(archive + "/dicom-web/studies", data=body, method="POST", headers={
        "Content-Type": f'multipart/related; type="application/dicom"; boundary={boundary}',
        "Accept": "application/dicom+json",
    })
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: stow-studies.py ARCHIVE_URL FILE...")
    archive = sys.argv[1].rstrip("/")
    failed = [(path, status) for path in sys.argv[2:] if (status := stow(archive, path)) != 200]
    for path, status in failed:
        print(f"STOW-RS of {path}: HTTP {status}", file=sys.stderr)
    print(f"stored {len(sys.argv) - 2 - len(failed)} of {len(sys.argv) - 2} files by STOW-RS")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
