import type { TAgencyLevel, TAgencyType } from '@xietong/core';
import type { TAgency } from '@xietong/core/api';

export function toAgency(r: {
  id: string; parent_id: string | null; type: string; level: string; region_code: string;
  name: string; short_name: string; unit_code: string;
}): TAgency {
  return {
    id: r.id, parentId: r.parent_id, type: r.type as TAgencyType, level: r.level as TAgencyLevel,
    regionCode: r.region_code, name: r.name, shortName: r.short_name, unitCode: r.unit_code,
  };
}
