#!/usr/bin/env python3
"""Writes the synthetic studies the OHIF check loads, as DICOM files made by dcmtk's dump2dcm
(and dcmcjpeg for the JPEG baseline ones). Python's standard library only.

The images are shapes, not noise, so a rendered viewport can be told from a blank one, and the
UIDs are fixed, so storing them again into the same archive is a duplicate, not a new study.

    make-studies.py OUT_DIR     -> OUT_DIR/*.dcm and prints the studies it wrote
"""
import array
import math
import os
import subprocess
import sys

# The project's test UID root, with a branch of its own for this check.
ROOT = "1.2.826.0.1.3680043.10.543.77."
CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
SC_IMAGE = "1.2.840.10008.5.1.4.1.1.7"
MULTI_FRAME_WORD_SC = "1.2.840.10008.5.1.4.1.1.7.3"
ENCAPSULATED_PDF = "1.2.840.10008.5.1.4.1.1.104.1"


def header(tags):
    """dump2dcm lines for (tag, vr, value) triples; values go in brackets, so strings need no escaping."""
    return "".join(f"({t[:4]},{t[4:]}) {vr} [{value}]\n" for t, vr, value in tags)


def patient_study_series(patient, patient_id, study, accession, description, date, series, number, modality):
    return [
        ("00080005", "CS", "ISO_IR 100"),
        ("00080020", "DA", date),
        ("00080030", "TM", "101500"),
        ("00080050", "SH", accession),
        ("00080060", "CS", modality),
        ("00080090", "PN", ""),
        ("00081030", "LO", description),
        ("0008103e", "LO", f"{description} series {number}"),
        ("00100010", "PN", patient),
        ("00100020", "LO", patient_id),
        ("00100030", "DA", "19700101"),
        ("00100040", "CS", "O"),
        ("0020000d", "UI", study),
        ("0020000e", "UI", series),
        ("00200010", "SH", accession),
        ("00200011", "IS", str(number)),
    ]


def write(out_dir, name, tags, pixels, vr="OW", syntax="+te", tag="7fe0,0010"):
    raw = os.path.join(out_dir, name + ".raw")
    with open(raw, "wb") as f:
        f.write(pixels)
    dump = os.path.join(out_dir, name + ".dump")
    with open(dump, "w", encoding="latin-1") as f:
        f.write(header(tags))
        f.write(f"({tag}) {vr} ={raw}\n")
    dcm = os.path.join(out_dir, name + ".dcm")
    subprocess.run(["dump2dcm", "-q", syntax, dump, dcm], check=True)
    os.remove(raw)
    os.remove(dump)
    return dcm


def phantom(size, slice_index, frames_like=False):
    """A CT-like head phantom in HU: air, a skull ring, soft tissue, and a lesion that moves with the slice."""
    values = array.array("h")
    c = size / 2
    lx = c + (slice_index - 3) * size / 16
    for y in range(size):
        for x in range(size):
            r = math.hypot(x - c, y - c)
            if r > size * 0.45:
                v = -1000
            elif r > size * 0.40:
                v = 900
            else:
                v = 30 + int(20 * math.sin(x / 9.0) * math.cos(y / 11.0))
                if math.hypot(x - lx, y - c * 0.8) < size / 12:
                    v = 200
            values.append(v)
    if sys.byteorder != "little":
        values.byteswap()
    return values


def ct_study(out_dir, slices=6, size=256):
    study, series = ROOT + "1", ROOT + "1.1"
    files = []
    for i in range(slices):
        tags = patient_study_series("Check^CT", "OHIF-CT", study, "OC1", "OHIF check CT", "20240105",
                                    series, 1, "CT")
        tags += [
            ("00080016", "UI", CT_IMAGE),
            ("00080018", "UI", f"{series}.{i + 1}"),
            ("00080008", "CS", "ORIGINAL\\PRIMARY\\AXIAL"),
            ("00180050", "DS", "5"),
            ("00200013", "IS", str(i + 1)),
            ("00200032", "DS", f"-128\\-128\\{i * 5}"),
            ("00200037", "DS", "1\\0\\0\\0\\1\\0"),
            ("00200052", "UI", ROOT + "1.9"),
            ("00280002", "US", "1"),
            ("00280004", "CS", "MONOCHROME2"),
            ("00280010", "US", str(size)),
            ("00280011", "US", str(size)),
            ("00280030", "DS", "1\\1"),
            ("00280100", "US", "16"),
            ("00280101", "US", "16"),
            ("00280102", "US", "15"),
            ("00280103", "US", "1"),
            ("00281050", "DS", "40"),
            ("00281051", "DS", "400"),
            ("00281052", "DS", "0"),
            ("00281053", "DS", "1"),
        ]
        # The first slice implicit VR little endian, the others explicit: both stored forms are read back.
        syntax = "+ti" if i == 0 else "+te"
        files.append(write(out_dir, f"ct-{i + 1}", tags, phantom(size, i).tobytes(), syntax=syntax))
    return ("Check^CT", study, files)


def multi_frame_study(out_dir, frames=10, size=128):
    study, series = ROOT + "2", ROOT + "2.1"
    values = array.array("H")
    for f in range(frames):
        cx = size * (0.25 + 0.5 * f / max(1, frames - 1))
        for y in range(size):
            for x in range(size):
                inside = math.hypot(x - cx, y - size / 2) < size / 6
                values.append(3000 if inside else (x * 1500) // size)
    if sys.byteorder != "little":
        values.byteswap()
    tags = patient_study_series("Check^MultiFrame", "OHIF-MF", study, "OC2", "OHIF check multi-frame",
                                "20240210", series, 1, "OT")
    tags += [
        ("00080016", "UI", MULTI_FRAME_WORD_SC),
        ("00080018", "UI", series + ".1"),
        ("00080064", "CS", "WSD"),
        ("00181063", "DS", "100"),
        ("00200013", "IS", "1"),
        ("00280002", "US", "1"),
        ("00280004", "CS", "MONOCHROME2"),
        ("00280008", "IS", str(frames)),
        ("00280009", "AT", "(0018,1063)"),
        ("00280010", "US", str(size)),
        ("00280011", "US", str(size)),
        ("00280100", "US", "16"),
        ("00280101", "US", "12"),
        ("00280102", "US", "11"),
        ("00280103", "US", "0"),
        ("00281050", "DS", "1500"),
        ("00281051", "DS", "3000"),
        ("00281052", "DS", "0"),
        ("00281053", "DS", "1"),
        ("00281054", "LO", "US"),
    ]
    return ("Check^MultiFrame", study, [write(out_dir, "multi-frame", tags, values.tobytes())])


def jpeg_study(out_dir, size=256):
    """Two series: 8-bit monochrome and RGB, both compressed to JPEG baseline by dcmcjpeg."""
    study = ROOT + "3"
    files = []
    for number, (photometric, samples) in enumerate((("MONOCHROME2", 1), ("RGB", 3)), start=1):
        series = f"{study}.{number}"
        pixels = bytearray()
        for y in range(size):
            for x in range(size):
                ring = int(math.hypot(x - size / 2, y - size / 2)) // 16 % 2
                if samples == 1:
                    pixels.append(40 + 160 * ring + (x * 40) // size)
                else:
                    pixels += bytes(((x * 255) // size, (y * 255) // size, 200 if ring else 40))
        tags = patient_study_series("Check^Jpeg", "OHIF-JPEG", study, "OC3", "OHIF check JPEG", "20240315",
                                    series, number, "OT")
        tags += [
            ("00080016", "UI", SC_IMAGE),
            ("00080018", "UI", series + ".1"),
            ("00080064", "CS", "WSD"),
            ("00200013", "IS", "1"),
            ("00280002", "US", str(samples)),
            ("00280004", "CS", photometric),
            ("00280010", "US", str(size)),
            ("00280011", "US", str(size)),
            ("00280100", "US", "8"),
            ("00280101", "US", "8"),
            ("00280102", "US", "7"),
            ("00280103", "US", "0"),
        ]
        if samples == 3:
            tags.append(("00280006", "US", "0"))
        name = f"jpeg-{photometric.lower()}"
        plain = write(out_dir, name + "-plain", tags, bytes(pixels), vr="OB")
        jpeg = os.path.join(out_dir, name + ".dcm")
        # +un keeps the UIDs (lossy compression would otherwise make a new SOP Instance UID each run).
        subprocess.run(["dcmcjpeg", "-q", "+eb", "+un", plain, jpeg], check=True)
        os.remove(plain)
        files.append(jpeg)
    return ("Check^Jpeg", study, files)


def one_page_pdf(lines):
    """A minimal valid PDF (one page of Helvetica lines), with its cross-reference table computed."""
    text = " ".join(f"({line}) Tj 0 -20 Td" for line in lines)
    stream = f"BT /F1 14 Tf 72 720 Td {text} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    if len(pdf) % 2:
        pdf += b"\n"  # OB values have even length; a trailing newline after %%EOF is harmless
    return bytes(pdf)


def pdf_study(out_dir):
    """An Encapsulated PDF: OHIF shows it from its Encapsulated Document, fetched as bulk data."""
    study, series = ROOT + "4", ROOT + "4.1"
    tags = patient_study_series("Check^Pdf", "OHIF-PDF", study, "OC4", "OHIF check PDF", "20240420",
                                series, 1, "DOC")
    tags += [
        ("00080016", "UI", ENCAPSULATED_PDF),
        ("00080018", "UI", series + ".1"),
        ("00080064", "CS", "WSD"),
        ("00200013", "IS", "1"),
        ("00280301", "CS", "NO"),
        ("00420010", "ST", "OHIF check report"),
        ("0040a493", "CS", "UNVERIFIED"),
        ("00420012", "LO", "application/pdf"),
    ]
    return ("Check^Pdf", study, [write(out_dir, "report-pdf", tags, one_page_pdf(
        # Enough text to pass the index's 1 KiB inline limit: the document then comes as a BulkDataURI.
        ["Sagitta OHIF check"] + [f"Line {n}: the viewer fetches this document as bulk data." for n in range(1, 31)]),
                                       vr="OB", tag="0042,0011")])


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make-studies.py OUT_DIR")
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for patient, study, files in (ct_study(out_dir), multi_frame_study(out_dir), jpeg_study(out_dir),
                                  pdf_study(out_dir)):
        print(f"{patient}\t{study}\t{len(files)} instance(s)")


if __name__ == "__main__":
    main()
