/**
 * DIMSE-C command sets (PS3.7 section 9.3 and Annex E) and status codes (PS3.7 Annex C): encoded in
 * implicit VR little endian with the command group length, decoded with the core parser.
 */
package io.sagitta.core.net.dimse;
