/*
 * OHIF viewer (ohif/app image, v3) configured for Sagitta behind nginx (ops/compose.yaml mounts this
 * file as /usr/share/nginx/html/app-config.js). The viewer and DICOMweb share nginx's origin, so
 * the roots are paths: QIDO-RS and WADO-RS at /dicom-web, WADO-URI at /wado.
 * ops/ohif-check/run.sh checks this file as it is against the archive with OHIF 3.13.2 (served on
 * the archive's origin with ops/nginx.conf's CSP); keep ops/ohif-check/app-config.template.js in step.
 */
window.config = {
  routerBasename: '/',
  // OHIF 3.13 iterates these at start-up: without them the app stops with 'extensions is not iterable'.
  extensions: [],
  modes: [],
  customizationService: {},
  showStudyList: true,
  maxNumberOfWebWorkers: 3,
  defaultDataSourceName: 'sagitta',
  dataSources: [
    {
      namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
      sourceName: 'sagitta',
      configuration: {
        friendlyName: 'Sagitta',
        name: 'sagitta',
        qidoRoot: '/dicom-web',
        wadoRoot: '/dicom-web',
        wadoUriRoot: '/wado',
        qidoSupportsIncludeField: true,
        supportsFuzzyMatching: true,
        supportsWildcard: true,
        // Images as WADO-RS frames ('wadouri', whole instances from /wado, works too).
        imageRendering: 'wadors',
        // Sagitta renders thumbnails: the study list and the series panel fetch
        // .../series/{uid}/thumbnail?viewport=256,256 as image/jpeg.
        thumbnailRendering: 'thumbnail',
        thumbnailRequestStrategy: 'fetch',
        enableStudyLazyLoad: true,
        supportsReject: false,
        staticWado: false,
        // Bulk data (an Encapsulated PDF's document, ...) is asked with Accept: */*; the multipart
        // answer is split by its Content-Type.
        singlepart: 'bulkdata,video',
        bulkDataURI: { enabled: true },
        omitQuotationForMultipartRequest: true,
      },
    },
  ],
};
