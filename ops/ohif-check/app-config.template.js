/*
 * OHIF v3 configuration the check serves as app-config.js: one dicomweb data source on the
 * archive. run.sh replaces __ARCHIVE__ with the archive's HTTP root (http://127.0.0.1:PORT) and
 * __IMAGE_RENDERING__ with the image loading checked; the
 * viewer is served from another origin, so the archive runs with http.cors_origins set to it.
 * Keep ops/ohif-config.js (the same settings behind nginx, same origin) in step with this file.
 */
window.config = {
  routerBasename: '/',
  // OHIF 3.13 iterates these at start-up: without them the app stops with 'extensions is not iterable'.
  extensions: [],
  modes: [],
  customizationService: {},
  showStudyList: true,
  maxNumberOfWebWorkers: 2,
  showWarningMessageForCrossOrigin: false,
  showCPUFallbackMessage: false,
  showLoadingIndicator: true,
  investigationalUseDialog: { option: 'never' },
  defaultDataSourceName: 'sagitta',
  dataSources: [
    {
      namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
      sourceName: 'sagitta',
      configuration: {
        friendlyName: 'Sagitta',
        name: 'sagitta',
        qidoRoot: '__ARCHIVE__/dicom-web',
        wadoRoot: '__ARCHIVE__/dicom-web',
        wadoUriRoot: '__ARCHIVE__/wado',
        qidoSupportsIncludeField: true,
        supportsFuzzyMatching: true,
        supportsWildcard: true,
        // run.sh checks both: 'wadors' (frames from wadoRoot) and 'wadouri' (whole instances from wadoUriRoot).
        imageRendering: '__IMAGE_RENDERING__',
        // The archive renders thumbnails: the study list and the series panel fetch
        // .../series/{uid}/thumbnail?viewport=256,256 as image/jpeg.
        thumbnailRendering: 'thumbnail',
        thumbnailRequestStrategy: 'fetch',
        enableStudyLazyLoad: true,
        supportsReject: false,
        staticWado: false,
        singlepart: 'bulkdata,video',
        bulkDataURI: { enabled: true },
        omitQuotationForMultipartRequest: true,
      },
    },
  ],
};
