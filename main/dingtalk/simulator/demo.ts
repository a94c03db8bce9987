/**
 * The demo organisation: a small believable company that demo mode, the
 * `npm run simulator` command and most tests start from. A fresh copy per
 * call, since the simulator mutates its org.
 */
import { DEFAULT_TIME_ZONE } from '../../../shared/time';
import type { SimApp, SimOrg, SimRobot } from './org';
import { ALL_PERMISSIONS } from './permissions';

export const DEMO_APP_KEY = 'dingdemo000';
export const DEMO_APP_SECRET = 'demo-secret-not-real';
export const DEMO_CORP_ID = 'dingsimdemocorp0000';
export const DEMO_ROBOT_TOKEN = 'demo-robot-token';
export const DEMO_ROBOT_SECRET = 'SECdemo-robot-secret-not-real';

/** Who is who in the demo org. */
export const DEMO_USERS = {
  /** 研发部, 09:00–18:00 with 30 min flex; the default browser-login user. */
  fixed: 'zhangwei',
  /** 研发部 too, and an attendance admin (op_user_id under 'adminOnly'). */
  admin: 'lina',
  /** 客服中心, a TURN roster: 早班, 早班, 夜班, 夜班, rest, rest. */
  turn: 'wangfang',
  /** 仓储, night shift 22:00–06:00 (crosses midnight) Monday to Friday. */
  night: 'zhaoqiang',
  /** 管理层, free schedule (NONE): punches recorded, nothing scheduled. */
  free: 'liuyang',
  /** 研发部, a second regular employee. */
  colleague: 'chenjing',
} as const;

export const DEMO_CLASSES = { office: 1001, early: 1002, night: 1003 } as const;
export const DEMO_GROUPS = { office: 2001, support: 2002, warehouse: 2003, free: 2004 } as const;

export function demoApp(): SimApp {
  return {
    appKey: DEMO_APP_KEY,
    appSecret: DEMO_APP_SECRET,
    permissions: [...ALL_PERMISSIONS],
    ipWhitelist: null,
    visibleUserIds: null,
  };
}

export function demoRobot(): SimRobot {
  return { accessToken: DEMO_ROBOT_TOKEN, secret: DEMO_ROBOT_SECRET };
}

export function demoOrg(): SimOrg {
  const { office, early, night } = DEMO_CLASSES;
  const weekdays = (classId: number) => [null, classId, classId, classId, classId, classId, null];
  return {
    corpId: DEMO_CORP_ID,
    name: '杭州青禾科技有限公司',
    timeZone: DEFAULT_TIME_ZONE,
    users: [
      { userid: 'zhangwei', name: '张伟', mobile: '13800000001', unionId: 'Zw7KqPiiE2mJxT0aBiEiE' },
      {
        userid: 'lina',
        name: '李娜',
        mobile: '13800000002',
        unionId: 'Ln4RtUiiE9sVwQ1cDiEiE',
        admin: true,
      },
      { userid: 'wangfang', name: '王芳', mobile: '13800000003', unionId: 'Wf8PzNiiE3kHyL5eFiEiE' },
      {
        userid: 'zhaoqiang',
        name: '赵强',
        mobile: '13800000004',
        unionId: 'Zq2MbXiiE6gTcR8hGiEiE',
      },
      { userid: 'liuyang', name: '刘洋', mobile: '13800000005', unionId: 'Ly5JdSiiE1fWnK4jHiEiE' },
      { userid: 'chenjing', name: '陈静', mobile: '13800000006', unionId: 'Cj9GvAiiE7pBmZ2kJiEiE' },
    ],
    classes: [
      {
        classId: office,
        name: '朝九晚六',
        sections: [{ onDuty: '09:00', offDuty: '18:00' }],
        flexMinutes: [30, 30],
        seriousLateMinutes: 30,
        settingId: 599315627,
      },
      { classId: early, name: '早班', sections: [{ onDuty: '08:00', offDuty: '17:00' }] },
      { classId: night, name: '夜班', sections: [{ onDuty: '22:00', offDuty: '06:00' }] },
    ],
    groups: [
      {
        type: 'FIXED',
        groupId: DEMO_GROUPS.office,
        name: '研发部考勤',
        members: ['zhangwei', 'lina', 'chenjing'],
        weekly: weekdays(office),
      },
      {
        type: 'TURN',
        groupId: DEMO_GROUPS.support,
        name: '客服中心排班',
        members: ['wangfang'],
        classIds: [early, night],
        rotations: {
          wangfang: { anchor: '2026-01-05', pattern: [early, early, night, night, 'rest', 'rest'] },
        },
      },
      {
        type: 'FIXED',
        groupId: DEMO_GROUPS.warehouse,
        name: '仓储夜班',
        members: ['zhaoqiang'],
        weekly: weekdays(night),
      },
      { type: 'NONE', groupId: DEMO_GROUPS.free, name: '管理层（自由工时）', members: ['liuyang'] },
    ],
    leaves: [],
    apps: [demoApp()],
    robots: [demoRobot()],
  };
}
