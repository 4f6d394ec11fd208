/** Every contract the workbench calls, from one import. */
export { foundationApi, caseApi, deadlineApi, processApi, documentApi, custodyApi, defenceApi, analyticsApi } from '@xietong/core/api';
