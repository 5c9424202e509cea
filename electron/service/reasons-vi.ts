/**
 * Vietnamese wording of the verdict's reasons, for the people at the counter. The English `reason` stays the
 * precise technical account (audit, support); `reasonVi` says the same in plain Vietnamese. Reasons are
 * produced by our own verification code, so their shapes are known; anything unrecognised gets the tier's
 * plain sentence.
 */
import type { Check } from './verify.js';

type Tier = 'chipDataIntact' | 'chipGenuine' | 'issuerTrusted' | 'documentValid' | 'onlineConfirmed' | 'chipAuthentication' | 'activeAuthentication' | 'paceCam';

const vnDate = (iso: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso);

const RULES: Record<Tier, { re: RegExp; vi: (m: RegExpMatchArray) => string }[]> = {
  chipDataIntact: [
    { re: /DG(\d+) \S+ does not match/, vi: (m) => `Dữ liệu DG${m[1]} không khớp bản ký của cơ quan cấp: dữ liệu có thể đã bị sửa.` },
    { re: /DG(\d+) was read but the SOD has no hash/, vi: (m) => `Chip có dữ liệu DG${m[1]} không được cơ quan cấp ký: có thể bị chèn thêm.` },
    { re: /EF\.SOD signature/, vi: () => 'Chữ ký số trên dữ liệu chip không hợp lệ.' },
    { re: /signed content/, vi: () => 'Nội dung được ký trên chip không khớp với chữ ký.' },
    { re: /not read|unreadable/, vi: () => 'Không đọc được dữ liệu ký số (EF.SOD) của thẻ.' },
    { re: /EF\.SOD signature valid/, vi: () => 'Chữ ký số hợp lệ; mọi dữ liệu đã đọc khớp với bản ký của cơ quan cấp.' },
  ],
  chipGenuine: [
    { re: /^Chip Authentication:/, vi: () => 'Chip không chứng minh được khóa bí mật của chính nó: có thể là thẻ sao chép.' },
    { re: /^Active Authentication:/, vi: () => 'Chip không ký đúng thử thách ngẫu nhiên: có thể là thẻ sao chép.' },
    { re: /^PACE-CAM:/, vi: () => 'Chip không chứng minh được khóa trong bước PACE-CAM: có thể là thẻ sao chép.' },
    { re: /passed/, vi: () => 'Chip chứng minh được là chip thật (không phải bản sao).' },
    { re: /offers no/, vi: () => 'Chip không hỗ trợ kiểm tra chip thật.' },
  ],
  issuerTrusted: [
    { re: /no CSCA .* in the trust store|unknown CSCA|no trusted CSCA/i, vi: () => 'Không có chứng thư CSCA của cơ quan cấp trong kho tin cậy. Nhập danh sách CSCA rồi kiểm tra lại.' },
    { re: /revoked/i, vi: () => 'Chứng thư ký số của cơ quan cấp đã bị thu hồi.' },
    { re: /expired|not yet valid|validity/i, vi: () => 'Chứng thư ký số của cơ quan cấp không còn hiệu lực.' },
    { re: /country/i, vi: () => 'Quốc gia của chứng thư không khớp với quốc gia cấp thẻ.' },
    { re: /no trust store/, vi: () => 'Chưa cấu hình kho chứng thư tin cậy.' },
    { re: /chains to (.+?)(?: \(|$)/, vi: (m) => `Chữ ký số được xác minh tới CSCA tin cậy: ${m[1]}.` },
  ],
  documentValid: [
    { re: /expired on (\S+)/, vi: (m) => `Thẻ đã hết hạn ngày ${vnDate(m[1]!)}.` },
    { re: /ID number entered does not match/, vi: () => 'Số CCCD đã nhập không khớp với chip.' },
    { re: /QR date of birth does not match/, vi: () => 'Ngày sinh trong mã QR không khớp với chip.' },
    { re: /QR name does not match/, vi: () => 'Họ tên trong mã QR không khớp với chip.' },
    { re: /DG13 (ID number|date of birth|sex|name) differs/, vi: (m) => `Dữ liệu trong chip không nhất quán (${{ 'ID number': 'số định danh', 'date of birth': 'ngày sinh', sex: 'giới tính', name: 'họ tên' }[m[1]!] ?? m[1]} khác giữa DG1 và DG13).` },
    { re: /valid until (\S+);/, vi: (m) => `Còn hiệu lực đến ${vnDate(m[1]!)}; thông tin trên chip và thông tin đã nhập khớp nhau.` },
    { re: /no expiry date/, vi: () => 'Thẻ không có thời hạn; thông tin trên chip và thông tin đã nhập khớp nhau.' },
    { re: /not read/, vi: () => 'Chưa đọc được vùng MRZ (DG1).' },
  ],
  onlineConfirmed: [{ re: /.*/, vi: () => 'Chưa cấu hình xác nhận trực tuyến; kết quả do máy tự xác minh, không cần mạng.' }],
  chipAuthentication: [
    { re: /^chip answered/, vi: () => 'Chip trả lời đúng bằng khóa phiên mới (Xác thực chip đạt).' },
    { re: /offers no|replaced/, vi: () => 'Chip không có Xác thực chip (hoặc PACE-CAM đã thay thế).' },
    { re: /.*/, vi: () => 'Xác thực chip không đạt: có thể là thẻ sao chép.' },
  ],
  activeAuthentication: [
    { re: /verifies/, vi: () => 'Chip ký đúng thử thách ngẫu nhiên (Xác thực chủ động đạt).' },
    { re: /offers no|no DG15/, vi: () => 'Chip không có Xác thực chủ động.' },
    { re: /.*/, vi: () => 'Xác thực chủ động không đạt: có thể là thẻ sao chép.' },
  ],
  paceCam: [{ re: /.*/, vi: () => 'Kết quả kiểm tra PACE-CAM.' }],
};

const FALLBACK: Record<Check['status'], string> = {
  pass: 'Đạt.',
  fail: 'Không đạt.',
  not_performed: 'Chưa kiểm tra được.',
};

/** One reason (possibly several parts joined by '; ') → Vietnamese. */
export function reasonVi(tier: string, c: Check): string {
  const rules = RULES[tier as Tier] ?? [];
  const parts = c.status === 'pass' ? [c.reason] : c.reason.split('; ');
  const out: string[] = [];
  for (const part of parts) {
    const rule = rules.find((r) => r.re.test(part));
    const m = rule ? part.match(rule.re) : null;
    const text = rule && m ? rule.vi(m) : FALLBACK[c.status];
    if (!out.includes(text)) out.push(text);
  }
  return out.join(' ');
}
