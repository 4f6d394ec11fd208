/** Every contract the workbench calls, from one import. */
export { foundationApi, caseApi, deadlineApi, processApi, documentApi, defenceApi } from '@xietong/core/api';
