/** The header's bell: unread 站内信 of the caller (at most "99+"), opening the notifications page. */
import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useNotifications } from './use-notifications';

export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useNotifications({ unread: 'true', pageSize: 1 }, { poll: true });
  const unread = list.data?.unread ?? 0;
  return (
    <Badge count={unread} overflowCount={99} size="small" offset={[-4, 4]}>
      <Button type="text" icon={<BellOutlined />} aria-label={`${t('notify.bell')} (${unread})`} data-testid="notification-bell" onClick={() => void navigate('/notifications')} />
    </Badge>
  );
}
