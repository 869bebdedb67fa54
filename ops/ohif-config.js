/*
 * OHIF viewer (ohif/app image, v3) configured for Sagitta behind nginx (ops/compose.yaml mounts this
 * file as /usr/share/nginx/html/app-config.js). The viewer and DICOMweb share nginx's origin, so
 * the roots are paths: QIDO-RS and WADO-RS at /dicom-web, WADO-URI at /wado.
 */
window.config = {
  routerBasename: '/',
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
        // Sagitta has no rendered images yet: images and thumbnails come as WADO-RS frames.
        imageRendering: 'wadors',
        thumbnailRendering: 'wadors',
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
