/**
 * Input fields by which a process step names the person it concerns and the fact dates it
 * records (entered once, on the person; checked by the server against 案发时间 and now).
 */
import type { TInputField } from '../processes/definition';

export const personIdField: TInputField = {
  name: 'personId', type: 'text', required: false, persist: true, maxLength: 36,
  zh: '犯罪嫌疑人（案件人员ID；本案仅一人时可不填）', en: 'Person (case person ID; optional when the case has one)',
};

export const detainedAtField: TInputField = {
  name: 'detainedAt', type: 'text', required: false, maxLength: 40,
  zh: '拘留时间（YYYY-MM-DDTHH:mm，北京时间；已登记在人员上的可不填）', en: 'Time of detention (Beijing time; optional if already on the person)',
};

export const detentionCentreField: TInputField = {
  name: 'detentionCentreId', type: 'text', required: false, maxLength: 36,
  zh: '羁押看守所（默认本机关所属看守所）', en: 'Detention centre (default: the one under the detaining agency)',
};

export const arrestedAtField: TInputField = {
  name: 'arrestedAt', type: 'text', required: false, maxLength: 40,
  zh: '逮捕时间（YYYY-MM-DDTHH:mm，北京时间；默认当前时间）', en: 'Time of arrest (Beijing time; default now)',
};
