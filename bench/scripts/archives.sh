# Sourced by side-by-side.sh and storescu-calibration.sh: start_archives DIR JAR [PIN] starts a fresh Sagitta
# (DICOM 21195, HTTP 28195, data in DIR/sagitta) and a fresh Orthanc (DICOM 21113 as ORTHANC, HTTP 28042, data
# in DIR/orthanc), each prefixed with PIN (e.g. "taskset -c 0"), waits until both answer, and sets SAGITTA
# and ORTHANC to their pids. Orthanc is Debian's (apt-get install -y orthanc orthanc-dicomweb).
start_archives() {
  local dir=$1 jar=$2 pin=$3
  mkdir -p $dir/orthanc
  SAGITTA_DATA_DIR=$dir/sagitta SAGITTA_DICOM_PORT=21195 SAGITTA_HTTP_PORT=28195 $pin java -jar $jar > $dir/sagitta.log 2>&1 &
  SAGITTA=$!
  # Orthanc as in RESULTS' earlier tables: SQLite index and files in one directory, fsync on (its default,
  # as Sagitta's), no compression, DICOMweb plugin with full metadata, loopback only.
  cat > $dir/orthanc.json <<JSON
{ "Name": "ORTHANC-BENCH", "StorageDirectory": "$dir/orthanc", "IndexDirectory": "$dir/orthanc",
  "Plugins": ["/usr/share/orthanc/plugins/libOrthancDicomWeb.so"], "DicomAet": "ORTHANC", "DicomPort": 21113,
  "HttpPort": 28042, "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "DicomCheckCalledAet": false,
  "UnknownSopClassAccepted": true, "StorageCompression": false,
  "DicomWeb": { "Enable": true, "Root": "/dicom-web/", "EnableWado": false, "StudiesMetadata": "Full", "SeriesMetadata": "Full" } }
JSON
  # TCP_NODELAY=1: Debian's Orthanc 1.10 (its DCMTK) leaves Nagle's algorithm on for DICOM connections by
  # default, and each C-STORE then waits ~90 ms on a delayed ACK (100 instances over one storescu
  # association: 10 s without, 0.9 s with). The peer is measured at its best.
  TCP_NODELAY=1 $pin Orthanc $dir/orthanc.json > $dir/orthanc.log 2>&1 &
  ORTHANC=$!
  for i in $(seq 60); do grep -q "ready" $dir/sagitta.log && curl -sf http://127.0.0.1:28042/system > /dev/null && break; sleep 1; done
}
