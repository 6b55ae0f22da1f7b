/**
 * De-identification of a need's free text for the task card a volunteer or organisation sees
 * BEFORE accepting (staged disclosure): what and when, never who or where exactly. Names,
 * phone numbers, ID numbers and house-level address details are masked; the rest of the text is
 * kept as written. After acceptance the contact details come from the household record instead.
 */

/** What the text is known to name: the household head, members, its address. */
export interface KnownIdentifiers {
  names?: string[];
  address?: string;
}

const MASK = '＊＊';

// Mobile (with optional +86 and separators), landline with area code, and 18-digit ID numbers.
const ID_NUMBER = /(?<!\d)\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?![\dXx])/gu;
const MOBILE = /(?:\+?86[\s-]?)?(?<!\d)1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/gu;
const LANDLINE = /(?<!\d)0\d{2,3}[\s-]?\d{7,8}(?!\d)/gu;
// A labelled name or contact: 姓名：王秀兰, 联系人 李军, 电话: …
const LABELLED = /(姓名|联系人|户主|监护人|家属|本人)([:：\s]*)([\u4e00-\u9fa5]{2,3})/gu;
// House-level address details: 3组12号, 十二号楼, 2单元301室, 5巷. A village or community name stays.
const HOUSE_DETAIL =
  /(?<![月日\d０-９一二三四五六七八九十百])(?:[0-9０-９一二三四五六七八九十百]+(?:组|社|队|号楼|号院|号|栋|幢|单元|室|楼|巷|弄|排)[-－]?)+(?:[0-9０-９]+(?:室|号)?)?/gu;
// A surname with a kinship or respectful term (王奶奶, 李大爷, 张老师): the surname is masked.
const COMMON_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const SURNAME_TERM = new RegExp(
  `[${COMMON_SURNAMES}](?=(?:奶奶|爷爷|大爷|大娘|大妈|阿姨|叔叔|婆婆|伯伯|老伯|大哥|大姐|老师|师傅|老人|阿婆|阿公|某))`,
  'gu',
);

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** A masked form of a known name: the surname stays hidden too (王秀兰 → 某某某). */
function maskName(name: string): string {
  return '某'.repeat(Math.min([...name].length, 3));
}

/** The text with names, phones, ID numbers and house-level address details masked; the rest as written. */
export function deidentify(text: string, known: KnownIdentifiers = {}): string {
  let out = text;
  // Longer names first, so 王秀兰 is masked before a member named 王秀.
  const names = [...new Set((known.names ?? []).map((n) => n.trim()).filter((n) => [...n].length >= 2))].sort(
    (a, b) => b.length - a.length,
  );
  for (const name of names) out = out.replace(new RegExp(escape(name), 'gu'), maskName(name));
  const address = known.address?.trim();
  if (address && [...address].length >= 4) out = out.replace(new RegExp(escape(address), 'gu'), MASK);
  out = out
    .replace(ID_NUMBER, MASK)
    .replace(MOBILE, MASK)
    .replace(LANDLINE, MASK)
    .replace(LABELLED, (_m, label: string, sep: string) => `${label}${sep}${MASK}`)
    .replace(HOUSE_DETAIL, MASK)
    .replace(SURNAME_TERM, '某');
  return out.replace(new RegExp(`(?:${escape(MASK)})+`, 'gu'), MASK);
}
