/**
 * QIDO-RS, WADO-RS, STOW-RS and WADO-URI on Vert.x. Nothing is here yet: the work is described in
 * the DICOMweb issue. The module exists so that the build's shape is final.
 */
package io.sagitta.dicomweb;
