/** Every contract the workbench calls, from one import. */
export { foundationApi, caseApi, deadlineApi, processApi, documentApi, analyticsApi } from '@xietong/core/api';
