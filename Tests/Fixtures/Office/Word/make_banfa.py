#!/usr/bin/env python3
"""Build banfa.docx fixture: step 'html' writes banfa.html from the repo's
transcription; step 'post' post-processes the LibreOffice-written docx."""
import sys, re, html, glob, copy, os
import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))
DOCS = os.path.join(ROOT, 'Content', 'documents', 'czj')
REGS = os.path.join(ROOT, 'Content', 'registers', 'czj')
COLS = ['风险点', '风险等级', '责任主体']
SPLIT_REG, SPLIT_AFTER = 'czj-t20', 7    # longest table (14 rows): rows 1-7 | 8-14
SPACER_REG, SPACER_AFTER = 'czj-t22', 6  # empty row after data row 6


def front(path):
    text = open(path, encoding='utf-8').read()
    m = re.match(r'---\n(.*?)\n---\n', text, re.S)
    return yaml.safe_load(m.group(1)), text[m.end():]


def inline(s):
    s = html.escape(s, quote=False)
    return re.sub(r'\*\*(.+?)\*\*', r'<strong>\1</strong>', s)


def register(reg_id):
    d = yaml.safe_load(open(os.path.join(REGS, reg_id.split('-')[1] + '.yaml'), encoding='utf-8'))
    assert d['编号'] == reg_id
    return d['风险清单']


def cell_html(v):
    # a YAML list (e.g. 责任主体: [承办科室单位, 办公室]) becomes one paragraph per item in the cell
    if isinstance(v, list):
        return ''.join('<p>%s</p>' % html.escape(str(x).strip(), quote=False) for x in v)
    return html.escape(str(v).strip(), quote=False)


def table_html(reg_id):
    out = ['<table border="1" cellspacing="0" cellpadding="4" width="100%">',
           '<thead><tr>' + ''.join('<th>%s</th>' % c for c in COLS) + '</tr></thead><tbody>']
    for r in register(reg_id):
        out.append('<tr>' + ''.join('<td>%s</td>' % cell_html(r[c]) for c in COLS) + '</tr>')
    out.append('</tbody></table>')
    return '\n'.join(out)


def body_html(body):
    out, lines, i = [], body.split('\n'), 0
    while i < len(lines):
        ln = lines[i]
        if ln.startswith('```risks'):
            j = i + 1
            blk = {}
            while not lines[j].startswith('```'):
                k, v = lines[j].split(':', 1); blk[k.strip()] = v.strip(); j += 1
            assert blk['columns'] == '[序号, 风险点, 风险等级, 责任主体]', blk
            out.append(table_html(blk['register'])); i = j + 1; continue
        if re.match(r'\d+\. ', ln):
            items = []
            while i < len(lines) and re.match(r'\d+\. ', lines[i]):
                items.append('<li>%s</li>' % inline(re.sub(r'^\d+\. ', '', lines[i]))); i += 1
            out.append('<ol>' + ''.join(items) + '</ol>'); continue
        if ln.strip():
            assert not ln.startswith(('#', '- ', '>', '|')), ln
            out.append('<p>%s</p>' % inline(ln.strip()))
        i += 1
    return '\n'.join(out)


def make_html(dst):
    fm, idx = front(os.path.join(DOCS, 'index.md'))
    assert fm['顺序'] == 0
    att = idx.strip().split('\n')[0]            # 附件8：<title>
    assert att.endswith(fm['标题']), att
    label = att[:-len(fm['标题'])].rstrip('：:')  # 附件8
    parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title></head><body>' % fm['标题'],
             '<p>%s</p>' % label, '<h1 class="title">%s</h1>' % fm['标题']]
    chs = []
    for f in glob.glob(os.path.join(DOCS, 'ch*.md')):
        m, b = front(f); chs.append((m['顺序'], m, b))
    for n, m, b in sorted(chs, key=lambda t: t[0]):
        parts.append('<h1>%s</h1>' % m['标题'])
        parts.append(body_html(b))
    parts.append('</body></html>')
    open(dst, 'w', encoding='utf-8').write('\n'.join(parts))


# ---------------- post-processing ----------------
from docx import Document
from docx.oxml.ns import qn
from docx.oxml import OxmlElement


def cell_text(tc):
    return ''.join(t.text or '' for t in tc.iter(qn('w:t')))


def clear_cell(tc):
    ps = tc.findall(qn('w:p'))
    for p in ps[1:]:
        tc.remove(p)
    for child in list(ps[0]):
        if child.tag != qn('w:pPr'):
            ps[0].remove(child)


def get_tcPr(tc):
    pr = tc.find(qn('w:tcPr'))
    if pr is None:
        pr = OxmlElement('w:tcPr'); tc.insert(0, pr)
    return pr


def set_vmerge(tc, restart):
    pr = get_tcPr(tc)
    for old in pr.findall(qn('w:vMerge')):
        pr.remove(old)
    vm = OxmlElement('w:vMerge')
    if restart:
        vm.set(qn('w:val'), 'restart')
    # schema order: tcW, gridSpan, vMerge, tcBorders...
    anchor = None
    for tag in ('w:gridSpan', 'w:tcW', 'w:cnfStyle'):
        anchor = pr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addnext(vm)
    else:
        pr.insert(0, vm)


def set_tblheader(tr):
    trPr = tr.find(qn('w:trPr'))
    if trPr is None:
        trPr = OxmlElement('w:trPr'); tr.insert(1 if tr.find(qn('w:tblPrEx')) is not None else 0, trPr)
    if trPr.find(qn('w:tblHeader')) is None:
        trPr.append(OxmlElement('w:tblHeader'))


def rows(tbl):
    return tbl.findall(qn('w:tr'))


def cells(tr):
    return tr.findall(qn('w:tc'))


def post(src, dst):
    doc = Document(src)
    body = doc.element.body
    # 0. document title: LibreOffice imports <h1> as Heading1; give the first one a Title style
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt
    heads = [p for p in doc.paragraphs if p.style.style_id == 'Heading1']
    assert len(heads) == 13 and heads[0].text == heads[0].text.strip(), len(heads)
    st = doc.styles.add_style('Title', WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = doc.styles['Heading']
    st.font.size = Pt(22); st.font.bold = True
    st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heads[0].style = st
    heads[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    tbls = body.findall(qn('w:tbl'))
    assert len(tbls) == 27, len(tbls)
    regs = ['czj-t%02d' % i for i in range(1, 28)]
    by_reg = dict(zip(regs, tbls))
    for reg, t in by_reg.items():
        hdr = [cell_text(c) for c in cells(rows(t)[0])]
        assert hdr == COLS, (reg, hdr)
        assert len(rows(t)) - 1 == len(register(reg)), reg
    # 1. spacer row in the middle of SPACER_REG
    t = by_reg[SPACER_REG]
    spacer = copy.deepcopy(rows(t)[SPACER_AFTER])
    for tc in cells(spacer):
        clear_cell(tc)
    rows(t)[SPACER_AFTER].addnext(spacer)
    # 2. split SPLIT_REG after data row SPLIT_AFTER
    t = by_reg[SPLIT_REG]
    t2 = OxmlElement('w:tbl')
    for child in t:
        if child.tag in (qn('w:tblPr'), qn('w:tblGrid')):
            t2.append(copy.deepcopy(child))
    t2.append(copy.deepcopy(rows(t)[0]))
    for tr in rows(t)[1 + SPLIT_AFTER:]:
        t.remove(tr); t2.append(tr)
    brk_p = OxmlElement('w:p'); r = OxmlElement('w:r'); br = OxmlElement('w:br')
    br.set(qn('w:type'), 'page'); r.append(br); brk_p.append(r)
    t.addnext(brk_p); brk_p.addnext(t2)
    # 3. vertical merge of consecutive equal 责任主体; 4. repeat header row
    col = COLS.index('责任主体')
    for t in body.findall(qn('w:tbl')):
        rs = rows(t)
        set_tblheader(rs[0])
        i = 1
        while i < len(rs):
            v = cell_text(cells(rs[i])[col]).strip()
            j = i + 1
            while v and j < len(rs) and cell_text(cells(rs[j])[col]).strip() == v:
                j += 1
            if j - i > 1:
                set_vmerge(cells(rs[i])[col], True)
                for k in range(i + 1, j):
                    tc = cells(rs[k])[col]; clear_cell(tc); set_vmerge(tc, False)
            i = j
    # 5. page margins as Word's default (2.54 cm / 3.17 cm) and full-width tables
    #    (LibreOffice's HTML import leaves tiny fixed grid columns)
    from docx.shared import Twips
    sec = doc.sections[-1]
    sec.top_margin = sec.bottom_margin = Twips(1440)
    sec.left_margin = sec.right_margin = Twips(1800)
    sec.header_distance = sec.footer_distance = Twips(851)
    width = sec.page_width.twips - 3600
    cols = [width * 60 // 100, width * 15 // 100]
    cols.append(width - sum(cols))
    for t in body.findall(qn('w:tbl')):
        tblW = t.find(qn('w:tblPr')).find(qn('w:tblW'))
        tblW.set(qn('w:w'), str(width)); tblW.set(qn('w:type'), 'dxa')
        for gc, w in zip(t.find(qn('w:tblGrid')).findall(qn('w:gridCol')), cols):
            gc.set(qn('w:w'), str(w))
        for tr in rows(t):
            for tc, w in zip(cells(tr), cols):
                tcW = get_tcPr(tc).find(qn('w:tcW'))
                tcW.set(qn('w:w'), str(w)); tcW.set(qn('w:type'), 'dxa')
    doc.save(dst)


def verify(path):
    doc = Document(path)
    body = doc.element.body
    tbls = body.findall(qn('w:tbl'))
    assert len(tbls) == 28, len(tbls)
    data = 0
    for n, t in enumerate(tbls, 1):
        rs = rows(t)
        assert [cell_text(c) for c in cells(rs[0])] == COLS
        assert rs[0].find(qn('w:trPr')).find(qn('w:tblHeader')) is not None
        blank = sum(1 for r in rs[1:] if not any(cell_text(c).strip() for c in cells(r)))
        vm = sum(1 for tc in t.iter(qn('w:tc')) if get_tcPr(tc).find(qn('w:vMerge')) is not None)
        data += len(rs) - 1 - blank
        print('table %2d: %2d data rows, %d spacer rows, %2d vMerge cells' % (n, len(rs) - 1 - blank, blank, vm))
    assert data == 160, data
    x = body.xml
    assert 'w:val="restart"' in x and '<w:tblHeader' in x
    print('styles:', sorted(set(re.findall(r'<w:pStyle w:val="([^"]*)"/>', x))))
    print('numPr paragraphs:', x.count('<w:numPr>'))
    print('tables 28, data rows 160: OK')


if __name__ == '__main__':
    if sys.argv[1] == 'verify':
        verify(sys.argv[2])
    if sys.argv[1] == 'html':
        make_html(sys.argv[2])
    elif sys.argv[1] == 'post':
        post(sys.argv[2], sys.argv[3])
