/**
 * The DICOM upper layer PDUs (PS3.8 section 9.3, user information per PS3.8 Annex D and PS3.7 Annex D):
 * an immutable model, a push-fed {@link io.sagitta.core.net.pdu.PduDecoder}, a
 * {@link io.sagitta.core.net.pdu.PduEncoder} and a {@link io.sagitta.core.net.pdu.PDataFragmenter}.
 *
 * <p>No channel types and no I/O. Bad input never throws out of the decoder: it becomes an
 * {@link io.sagitta.core.net.pdu.InvalidPdu} naming the A-ABORT reason (PS3.8 table 9-26), which the
 * association turns into Evt19. P-DATA payloads are retained slices of the received bytes and are sent as
 * composite buffers: never copied.
 */
package io.sagitta.core.net.pdu;
