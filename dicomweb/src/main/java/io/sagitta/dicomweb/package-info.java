/**
 * DICOMweb (PS3.18) on Vert.x Web: {@link io.sagitta.dicomweb.DicomWeb#create} gives the router
 * to mount under {@code /dicom-web}. Feature packages: {@code qido} (QIDO-RS), {@code metadata}
 * (WADO-RS metadata); {@code http} holds what they share: the one mapping of failures to statuses,
 * content negotiation, Warning headers, resource URLs and the streamed JSON array response.
 * The door stays thin: queries and metadata come from the index's one query and retrieve path,
 * the same one DIMSE uses.
 */
package io.sagitta.dicomweb;
