/**
 * Synthetic people and situations for the community demo (临泽县). Every person is made up: names are
 * random draws, phones use the 170 virtual-operator range, ID numbers use region code 620799 (no such
 * county exists), so none can be a real person's.
 */

/** Stations of the demo and the key beneficiaries (people) their report names: 沙河镇 178人, 平川镇 290人, 鸭暖镇 295人. */
export const DEMO_STATIONS = [
  {
    code: '620723101',
    name: '沙河镇',
    keyBeneficiaries: 178,
    coordinator: { username: 'coord-shahe', displayName: '沙河镇社工站 王晓燕' },
  },
  {
    code: '620723104',
    name: '平川镇',
    keyBeneficiaries: 290,
    coordinator: { username: 'coord-pingchuan', displayName: '平川镇社工站 李建军' },
  },
  {
    code: '620723106',
    name: '鸭暖镇',
    keyBeneficiaries: 295,
    coordinator: { username: 'coord-yanuan', displayName: '鸭暖镇社工站 张丽娟' },
  },
] as const;

export const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯史陶贺顾毛郝龚邵万严武';
export const ELDER_GIVEN = [
  '秀英',
  '桂兰',
  '玉梅',
  '凤英',
  '淑珍',
  '秀兰',
  '金莲',
  '翠英',
  '玉兰',
  '桂芳',
  '德明',
  '学军',
  '生福',
  '进财',
  '玉花',
  '占山',
  '万福',
  '有才',
  '福贵',
  '兰英',
  '守仁',
  '发祥',
];
export const ADULT_GIVEN = [
  '建国',
  '建华',
  '志强',
  '永红',
  '国庆',
  '卫东',
  '海燕',
  '春梅',
  '振华',
  '文斌',
  '红梅',
  '德胜',
  '军',
  '霞',
  '芳',
  '伟',
  '强',
  '敏',
];
export const CHILD_GIVEN = ['子涵', '浩然', '梓轩', '欣怡', '雨桐', '佳怡', '一诺', '天佑', '明轩', '思远', '若曦', '宇航'];

/** One member pattern of a scenario: relation, age range, and what is special about the person. */
export interface MemberPattern {
  relation: string;
  age: [number, number];
  gender?: 'male' | 'female';
  health?: string;
  disability?: { kind: string; grade: string };
  groups?: string[];
}

/** A household situation as social workers meet it, with the needs it produces. */
export interface Scenario {
  groups: string[];
  members: MemberPattern[];
  needs: Array<{ category: string; title: string; skills?: string[]; quantity?: { amount: number; unit: string } }>;
  description: string;
  urgency: 'low' | 'normal' | 'high' | 'critical';
  /** Weight of the scenario in the mix. */
  weight: number;
}

export const SCENARIOS: Scenario[] = [
  {
    groups: ['独居老人', '高龄老人'],
    members: [{ relation: '本人', age: [80, 92], health: '高血压，腿脚不便，行走需拄拐' }],
    needs: [
      { category: 'meal', title: '每天中午送餐上门', skills: ['送餐'] },
      { category: 'visiting', title: '每周上门探访' },
    ],
    description: '老人独自居住，子女在外地，做饭困难，经常只吃馒头咸菜，希望每天中午能有热饭送上门。',
    urgency: 'high',
    weight: 5,
  },
  {
    groups: ['空巢老人', '重病患者'],
    members: [
      { relation: '本人', age: [68, 80], health: '糖尿病并发症，每月需到县医院复查' },
      { relation: '配偶', age: [66, 78], health: '轻度认知障碍' },
    ],
    needs: [
      { category: 'medical_escort', title: '陪同去县人民医院复查', skills: ['陪诊'] },
      { category: 'transport', title: '复查往返接送', skills: ['驾驶'] },
    ],
    description: '老两口都有慢性病，儿子在兰州打工，每月去县医院复查没人陪，自己不会在手机上挂号。',
    urgency: 'high',
    weight: 4,
  },
  {
    groups: ['留守儿童'],
    members: [
      { relation: '本人', age: [60, 72], gender: 'female', health: '腰椎间盘突出' },
      { relation: '孙子女', age: [7, 12], groups: ['留守儿童'] },
    ],
    needs: [
      { category: 'tutoring', title: '放学后作业辅导', skills: ['作业辅导'] },
      { category: 'child_care', title: '周末儿童陪伴与阅读' },
    ],
    description: '孩子父母在新疆务工，由奶奶照看，奶奶不识字，孩子数学跟不上，放学后没人看管。',
    urgency: 'normal',
    weight: 4,
  },
  {
    groups: ['残疾人', '低保对象'],
    members: [
      { relation: '本人', age: [45, 60], disability: { kind: '肢体', grade: '二级' }, health: '下肢瘫痪，长期卧床' },
      { relation: '配偶', age: [43, 58] },
    ],
    needs: [
      { category: 'material_aid', title: '需要轮椅一台', quantity: { amount: 1, unit: '台' } },
      { category: 'rehabilitation', title: '上门康复训练指导', skills: ['康复'] },
    ],
    description: '因车祸致肢体二级残疾，原来的轮椅坏了无法出门，希望有人上门指导康复训练。',
    urgency: 'high',
    weight: 3,
  },
  {
    groups: ['特困人员', '独居老人'],
    members: [{ relation: '本人', age: [70, 85], health: '视力差，白内障' }],
    needs: [
      { category: 'daily_care', title: '打扫卫生、清洗被褥', skills: ['家政'] },
      { category: 'bathing', title: '冬季助浴理发' },
    ],
    description: '五保老人，一个人住，屋里很久没打扫，冬天洗澡不方便，头发也很久没理了。',
    urgency: 'normal',
    weight: 3,
  },
  {
    groups: ['低保边缘', '因病致贫'],
    members: [
      { relation: '本人', age: [50, 62], health: '尿毒症，每周透析三次' },
      { relation: '配偶', age: [48, 60] },
      { relation: '子女', age: [15, 19] },
    ],
    needs: [
      { category: 'assistance_application', title: '代办临时救助和大病医保报销' },
      { category: 'financial_aid', title: '申请临时救助金', quantity: { amount: 3000, unit: '元' } },
    ],
    description: '丈夫确诊尿毒症，每周在县医院透析，医疗费压力很大，想申请临时救助，不清楚需要准备哪些材料。',
    urgency: 'critical',
    weight: 2,
  },
  {
    groups: ['空巢老人'],
    members: [
      { relation: '本人', age: [65, 78] },
      { relation: '配偶', age: [63, 76] },
    ],
    needs: [{ category: 'home_repair', title: '卫生间加装扶手、修理漏水水管', skills: ['水电维修'] }],
    description: '厨房水管漏水好几天了，卫生间地滑，老人起夜容易滑倒，需要安装扶手。',
    urgency: 'high',
    weight: 3,
  },
  {
    groups: ['独居老人'],
    members: [{ relation: '本人', age: [72, 86], health: '情绪低落，睡眠差' }],
    needs: [{ category: 'emotional', title: '陪伴聊天、精神慰藉', skills: ['心理疏导'] }],
    description: '老伴去年去世，儿子在外地工作，老人平时不爱出门，说觉得孤单，希望有人常来说说话。',
    urgency: 'normal',
    weight: 3,
  },
  {
    groups: ['高龄老人', '留守老人'],
    members: [{ relation: '本人', age: [80, 90], health: '高血压、糖尿病' }],
    needs: [
      { category: 'health_check', title: '每周量血压、测血糖', skills: ['护理'] },
      { category: 'digital_help', title: '教用智能手机缴费和视频通话' },
    ],
    description: '需要定期量血压测血糖，村医忙不过来；不会用智能手机，交电费、医保缴费都要找人帮忙。',
    urgency: 'normal',
    weight: 3,
  },
  {
    groups: ['困境儿童', '事实无人抚养儿童'],
    members: [
      { relation: '本人', age: [62, 75], gender: 'male' },
      { relation: '孙子女', age: [8, 14], groups: ['事实无人抚养儿童'] },
    ],
    needs: [
      { category: 'child_care', title: '儿童关爱与心理陪伴', skills: ['儿童社工'] },
      { category: 'material_aid', title: '冬季棉衣棉被和学习用品', quantity: { amount: 1, unit: '套' } },
    ],
    description: '孩子父亲服刑、母亲离家，跟爷爷生活，冬天缺棉衣棉被，孩子性格内向，在学校不爱说话。',
    urgency: 'critical',
    weight: 2,
  },
  {
    groups: ['失业人员'],
    members: [
      { relation: '本人', age: [30, 45] },
      { relation: '配偶', age: [28, 43] },
      { relation: '子女', age: [3, 10] },
    ],
    needs: [{ category: 'employment', title: '推荐电焊或家政技能培训' }],
    description: '去年从外地回来一直没找到稳定工作，想参加县里的电焊或家政技能培训。',
    urgency: 'normal',
    weight: 2,
  },
  {
    groups: ['低保对象', '残疾人'],
    members: [{ relation: '本人', age: [70, 82], disability: { kind: '听力', grade: '三级' } }],
    needs: [{ category: 'legal_aid', title: '赡养纠纷法律咨询' }],
    description: '几个子女都不履行赡养义务，老人想咨询怎么通过法律途径要赡养费。',
    urgency: 'normal',
    weight: 1,
  },
  {
    groups: ['优抚对象', '高龄老人'],
    members: [{ relation: '本人', age: [82, 95], gender: 'male', health: '行动不便' }],
    needs: [
      { category: 'medical_escort', title: '每月到镇卫生院代配药' },
      { category: 'visiting', title: '节日走访慰问' },
    ],
    description: '退伍老兵，行动不便，每月需要到镇卫生院拿降压药，希望有人代配药。',
    urgency: 'normal',
    weight: 1,
  },
  {
    groups: ['孤儿'],
    members: [
      { relation: '本人', age: [40, 55], gender: 'female' },
      { relation: '其他', age: [10, 15], groups: ['孤儿'] },
    ],
    needs: [
      { category: 'financial_aid', title: '申请助学金', quantity: { amount: 2000, unit: '元' } },
      { category: 'emotional', title: '青少年心理疏导' },
    ],
    description: '孩子由姑姑抚养，正在上初中，想申请助学金，孩子性格内向，需要心理疏导。',
    urgency: 'normal',
    weight: 1,
  },
];

/** Addresses: village households by 社 and door number, community ones by building and unit. */
export const ESTATES = ['幸福小区', '颐和家园', '沙河街', '东关街', '南苑小区'];

/** Beneficiary groups that make a household a candidate key target 重点对象 (visited monthly). */
export const KEY_TARGET_GROUPS: readonly string[] = [
  '低保对象',
  '特困人员',
  '独居老人',
  '空巢老人',
  '高龄老人',
  '留守老人',
  '留守儿童',
  '困境儿童',
  '孤儿',
  '事实无人抚养儿童',
  '残疾人',
  '重病患者',
];
