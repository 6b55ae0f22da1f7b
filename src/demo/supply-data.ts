/** Approximate centres of 临泽县's townships (WGS-84), for placing demo people and places. */
export const TOWN_CENTRES: Record<string, { lat: number; lng: number; name: string }> = {
  '620723101': { lat: 39.152, lng: 100.164, name: '沙河镇' },
  '620723102': { lat: 39.178, lng: 100.232, name: '新华镇' },
  '620723103': { lat: 39.262, lng: 100.062, name: '蓼泉镇' },
  '620723104': { lat: 39.331, lng: 100.028, name: '平川镇' },
  '620723105': { lat: 39.281, lng: 100.148, name: '板桥镇' },
  '620723106': { lat: 39.247, lng: 99.958, name: '鸭暖镇' },
  '620723107': { lat: 39.108, lng: 100.268, name: '倪家营镇' },
};

/** A demo volunteer: home township, profile, and how the seed leaves it. */
export interface DemoVolunteer {
  name: string;
  town: string;
  skills: string[];
  description: string;
  certifications: string[];
  days: number[];
  hours: [string, string];
  radiusKm: number;
  maxActive: number;
  /** Slots taken at seed time (equal to maxActive = full). */
  busy?: number;
  state?: 'pending' | 'rejected' | 'no_location';
}

const SH = '620723101';
const PC = '620723104';
const YN = '620723106';

/** Volunteers in realistic variety: nurses and teachers, handymen, drivers, students; some full, far, pending. */
export const DEMO_VOLUNTEERS: DemoVolunteer[] = [
  { name: '王秀兰', town: SH, skills: ['测血压', '测血糖', '陪诊', '代配药'], description: '县医院退休护士，熟悉慢病管理，可陪同老人到县医院复诊', certifications: ['护士'], days: [1, 3, 5], hours: ['08:30', '11:30'], radiusKm: 6, maxActive: 3 },
  { name: '李建国', town: SH, skills: ['修水管', '换灯泡', '安装扶手', '电路检修'], description: '水电工二十年，家里有工具，适老化改造做过十几户', certifications: [], days: [6, 0], hours: ['09:00', '17:00'], radiusKm: 10, maxActive: 2 },
  { name: '张淑芬', town: SH, skills: ['做饭', '送餐', '打扫卫生', '陪聊'], description: '社区老年食堂帮厨，中午可以顺路送饭', certifications: [], days: [1, 2, 3, 4, 5], hours: ['10:30', '13:00'], radiusKm: 3, maxActive: 4 },
  { name: '陈晓燕', town: SH, skills: ['作业辅导', '绘本阅读', '四点半课堂'], description: '小学语文教师，周末和放学后可以辅导留守儿童功课', certifications: ['教师资格证', '无犯罪记录证明'], days: [1, 2, 3, 4, 5], hours: ['16:30', '18:30'], radiusKm: 5, maxActive: 3 },
  { name: '赵志刚', town: SH, skills: ['接送', '开车', '陪诊'], description: '有七座面包车，可接送老人去县医院、张掖市医院', certifications: [], days: [2, 4, 6], hours: ['07:30', '12:00'], radiusKm: 25, maxActive: 2, busy: 2 },
  { name: '刘晓东', town: SH, skills: ['智能手机教学', '网上缴费', '医保小程序'], description: '河西学院学生，寒暑假在家，教老人用手机、交电费、查医保', certifications: [], days: [0, 6], hours: ['14:00', '18:00'], radiusKm: 4, maxActive: 5 },
  { name: '马玉梅', town: SH, skills: ['心理疏导', '陪聊', '情绪支持'], description: '国家三级心理咨询师，擅长独居老人和丧偶老人的情绪陪伴', certifications: ['心理咨询师', '持证社工'], days: [2, 4], hours: ['14:00', '17:00'], radiusKm: 8, maxActive: 3 },
  { name: '孙德福', town: SH, skills: ['理发', '助浴'], description: '开理发店，每月可以上门给行动不便的老人理发', certifications: [], days: [1], hours: ['09:00', '12:00'], radiusKm: 5, maxActive: 4 },
  { name: '周丽娟', town: SH, skills: ['低保申请代办', '残疾证办理', '政策咨询'], description: '原村文书，熟悉低保、临时救助、残疾证的办理流程', certifications: ['持证社工'], days: [1, 2, 3, 4, 5], hours: ['09:00', '12:00'], radiusKm: 12, maxActive: 4 },
  { name: '吴海燕', town: SH, skills: ['看护儿童', '绘本阅读', '手工'], description: '全职妈妈，可以在家附近照看放学后的孩子', certifications: [], days: [1, 3, 5], hours: ['16:00', '19:00'], radiusKm: 2, maxActive: 2 },
  { name: '郑伟', town: SH, skills: ['法律咨询', '调解纠纷', '赡养纠纷'], description: '执业律师，可提供赡养、土地、劳务纠纷的法律咨询', certifications: ['律师'], days: [6], hours: ['09:00', '12:00'], radiusKm: 15, maxActive: 2, busy: 1 },
  { name: '何桂香', town: SH, skills: ['买菜', '代购', '打扫卫生', '洗衣'], description: '住乐民社区，白天有空，可帮独居老人买菜打扫', certifications: [], days: [1, 2, 3, 4, 5, 6], hours: ['08:00', '11:00'], radiusKm: 2, maxActive: 3, state: 'pending' },
  { name: '冯建军', town: SH, skills: ['搬运', '劈柴', '生炉子'], description: '身体好，冬天可以帮老人拉煤、生炉子', certifications: [], days: [0, 6], hours: ['08:00', '16:00'], radiusKm: 6, maxActive: 2, state: 'rejected' },
  { name: '杨春花', town: PC, skills: ['送餐', '做饭', '打扫卫生'], description: '平川村妇女主任，组织过几次爱心午餐', certifications: [], days: [1, 2, 3, 4, 5], hours: ['10:30', '13:30'], radiusKm: 5, maxActive: 3 },
  { name: '贾永福', town: PC, skills: ['农机维修', '修水管', '换灯泡'], description: '村里的“万能修理工”，水电、农机都会修', certifications: [], days: [0, 6], hours: ['08:00', '18:00'], radiusKm: 8, maxActive: 2 },
  { name: '黄丽', town: PC, skills: ['作业辅导', '英语辅导', '阅读'], description: '中学英语教师，可以给初中留守学生补英语', certifications: ['教师资格证'], days: [6, 0], hours: ['09:00', '11:30'], radiusKm: 6, maxActive: 3 },
  { name: '芦海涛', town: PC, skills: ['接送', '陪诊', '代配药'], description: '跑出租的，早上和中午可以顺路带老人去卫生院', certifications: [], days: [1, 2, 3, 4, 5], hours: ['07:00', '09:30'], radiusKm: 12, maxActive: 1, busy: 1 },
  { name: '三一村卫生室 苏大夫', town: PC, skills: ['量血压', '测血糖', '康复训练'], description: '乡村医生，随访高血压、糖尿病患者', certifications: ['医师'], days: [2, 5], hours: ['14:30', '17:30'], radiusKm: 10, maxActive: 4 },
  { name: '王小军', town: PC, skills: ['看护儿童', '篮球', '课后陪伴'], description: '返乡大学生，暑假组织孩子们打球、读书', certifications: ['无犯罪记录证明'], days: [1, 3, 5], hours: ['15:00', '18:00'], radiusKm: 4, maxActive: 3 },
  { name: '白桂兰', town: YN, skills: ['陪聊', '上门探访', '电话问候'], description: '退休村干部，熟悉村里每户空巢老人', certifications: [], days: [1, 2, 3, 4, 5], hours: ['09:00', '11:30'], radiusKm: 5, maxActive: 5 },
  { name: '曹新民', town: YN, skills: ['康复训练', '按摩', '助行器使用指导'], description: '康复治疗师，在县康复中心工作，周末可上门指导残疾人康复', certifications: ['康复治疗师'], days: [6], hours: ['14:00', '18:00'], radiusKm: 15, maxActive: 2 },
  { name: '古丽娜', town: YN, skills: ['心理疏导', '儿童陪伴', '绘本阅读'], description: '儿童主任，负责全镇困境儿童和留守儿童的关爱', certifications: ['儿童主任', '持证社工'], days: [1, 2, 3, 4, 5], hours: ['14:00', '17:30'], radiusKm: 12, maxActive: 4 },
  { name: '张宏伟', town: YN, skills: ['技能培训', '电商直播', '找工作'], description: '电商创业者，可教失业人员网上卖枣、找工作', certifications: [], days: [3], hours: ['19:00', '21:00'], radiusKm: 20, maxActive: 3 },
  { name: '小屯村 刘大姐', town: YN, skills: ['做饭', '送餐'], description: '家在小屯村，可以给隔壁的独居老人送午饭', certifications: [], days: [1, 2, 3, 4, 5, 6, 0], hours: ['11:00', '12:30'], radiusKm: 1, maxActive: 2 },
  { name: '赵文博', town: YN, skills: ['智能手机教学', '健康码', '网上挂号'], description: '高中生志愿者，周末教老人用手机', certifications: [], days: [0], hours: ['15:00', '17:00'], radiusKm: 3, maxActive: 2, state: 'no_location' },
  // Far from the three stations: only nearby needs reach them.
  { name: '倪家营 马师傅', town: '620723107', skills: ['修水管', '安装扶手', '换灯泡'], description: '倪家营镇的水电师傅，不太愿意跑远路', certifications: [], days: [6], hours: ['09:00', '12:00'], radiusKm: 3, maxActive: 2 },
  { name: '新华镇 宣老师', town: '620723102', skills: ['作业辅导', '书法', '阅读'], description: '退休小学校长，可辅导孩子写作业、练书法', certifications: ['教师资格证', '无犯罪记录证明'], days: [2, 4], hours: ['16:00', '18:00'], radiusKm: 20, maxActive: 3 },
  { name: '板桥镇 红沟村 杨姐', town: '620723105', skills: ['助浴', '理发', '打扫卫生'], description: '护理员，做过养老院护工，会给失能老人助浴', certifications: ['护士'], days: [1, 3], hours: ['09:00', '12:00'], radiusKm: 30, maxActive: 2 },
  { name: '蓼泉镇 唐湾村 王哥', town: '620723103', skills: ['接送', '开车'], description: '有小轿车，周末可接送老人去县城', certifications: [], days: [6, 0], hours: ['08:00', '18:00'], radiusKm: 40, maxActive: 2 },
];

/** Demo organisations: type, categories, coverage, capacity; some full, one pending. */
export const DEMO_ORGANISATIONS = [
  { name: '临泽县阳光社会工作服务中心', town: SH, type: '社工机构', categories: ['visiting', 'emotional', 'child_care', 'assistance_application'], description: '县级社工机构，承接社工站运营，有持证社工 12 名，开展个案、小组和社区活动', coverage: { radiusKm: 40 }, capacityPerMonth: 40 },
  { name: '沙河镇老年协会', town: SH, type: '社区社会组织', categories: ['meal', 'daily_care', 'visiting'], description: '由退休干部组成，组织助餐、上门探访和节日慰问', coverage: { communities: ['620723101001', '620723101002', '620723101003', '620723101004', '620723101005'] }, capacityPerMonth: 30 },
  { name: '平川镇巾帼志愿服务队', town: PC, type: '志愿服务队', categories: ['daily_care', 'bathing', 'meal'], description: '妇联牵头的志愿服务队，提供助洁、助浴、助餐', coverage: { radiusKm: 10 }, capacityPerMonth: 20 },
  { name: '鸭暖镇乡村少年宫志愿服务队', town: YN, type: '志愿服务队', categories: ['tutoring', 'child_care'], description: '依托乡村少年宫开展四点半课堂、周末阅读和兴趣小组，志愿者均有无犯罪记录证明', coverage: { radiusKm: 12 }, capacityPerMonth: 25 },
  { name: '临泽县心理健康协会', town: SH, type: '社区社会组织', categories: ['emotional'], description: '心理咨询师组成的公益协会，开展心理疏导和危机干预', coverage: { radiusKm: 50 }, capacityPerMonth: 8 },
  { name: '临泽丹霞爱心车队', town: SH, type: '志愿服务队', categories: ['transport', 'medical_escort'], description: '出租车司机自发组成，免费接送老人、残疾人就医', coverage: { radiusKm: 35 }, capacityPerMonth: 3, full: true },
  { name: '临泽县法律援助志愿服务队', town: SH, type: '志愿服务队', categories: ['legal_aid'], description: '律师和基层法律服务工作者，提供赡养、劳务、土地纠纷咨询', coverage: { radiusKm: 50 }, capacityPerMonth: 10 },
  { name: '平川镇家电维修爱心小组', town: PC, type: '爱心企业', categories: ['home_repair'], description: '镇上家电维修店联合，免费上门维修、适老化改造', coverage: { communities: ['620723104201', '620723104202', '620723104204', '620723104205'] }, capacityPerMonth: 6 },
  { name: '鸭暖镇康复互助会', town: YN, type: '社区社会组织', categories: ['rehabilitation'], description: '残疾人及家属互助组织，正在筹备', coverage: { radiusKm: 8 }, capacityPerMonth: 5, pending: true },
] as const;

/** Demo charities and their resources (days relative to the seed time; negative = already past). */
export const DEMO_CHARITIES = [
  {
    name: '临泽县慈善协会',
    type: '慈善组织',
    resources: [
      { kind: 'goods', category: 'material_aid', title: '米面油爱心包', description: '大米 10 斤、面粉 10 斤、菜籽油 5 升', amount: 200, unit: '份', groups: ['低保对象', '特困人员', '低保边缘'], expiresInDays: 120 },
      { kind: 'goods', category: 'material_aid', title: '冬季棉被', description: '加厚棉被，过冬用', amount: 80, unit: '床', groups: ['独居老人', '空巢老人', '特困人员'], expiresInDays: 90 },
      { kind: 'money', category: 'financial_aid', title: '困境儿童助学金', description: '每名儿童每学期 1000 元', amount: 50000, unit: '元', groups: ['困境儿童', '留守儿童', '孤儿', '事实无人抚养儿童'], expiresInDays: 200 },
      { kind: 'money', category: 'financial_aid', title: '临时救助金', description: '因病、因灾临时困难家庭的应急救助', amount: 20000, unit: '元', expiresInDays: 365 },
      { kind: 'goods', category: 'material_aid', title: '中秋慰问月饼', description: '已过期，不能再发放', amount: 100, unit: '盒', expiresInDays: -20 },
    ],
  },
  {
    name: '张掖市福泽公益基金会',
    type: '基金会',
    resources: [
      { kind: 'goods', category: 'material_aid', title: '轮椅', description: '可折叠轮椅，适合行动不便的老人和残疾人', amount: 6, unit: '台', groups: ['残疾人', '高龄老人'] },
      { kind: 'service', category: 'health_check', title: '免费体检（县医院）', description: '血常规、心电图、B 超，县医院体检中心', amount: 100, unit: '人次', groups: ['高龄老人', '独居老人', '重病患者'], expiresInDays: 60 },
      { kind: 'goods', category: 'material_aid', title: '电暖器', description: '已全部发放', amount: 4, unit: '台', depleteAt: '620723104' },
      { kind: 'goods', category: 'child_care', title: '学习用品礼包', description: '书包、文具、课外书', amount: 120, unit: '套', groups: ['留守儿童', '困境儿童'], expiresInDays: 150 },
    ],
  },
  {
    name: '临泽县绿洲红枣有限公司',
    type: '爱心企业',
    resources: [
      { kind: 'service', category: 'meal', title: '爱心午餐券（沙河镇长者食堂）', description: '凭券在沙河镇长者食堂免费用午餐', amount: 300, unit: '份', communities: ['620723101001', '620723101002', '620723101003', '620723101004', '620723101005'], expiresInDays: 30, at: SH },
      { kind: 'goods', category: 'material_aid', title: '春节慰问品（红枣礼盒）', description: '春节前开始发放', amount: 150, unit: '盒', availableInDays: 45, expiresInDays: 100 },
      { kind: 'venue', category: 'child_care', title: '企业职工活动室（周末开放）', description: '可用于四点半课堂、儿童阅读活动，倪家营镇', amount: 20, unit: '场次', at: '620723107', expiresInDays: 180 },
      { kind: 'goods', category: 'material_aid', title: '鲜牛奶', description: '已过保质期', amount: 50, unit: '箱', expiresInDays: -2 },
    ],
  },
] as const;
