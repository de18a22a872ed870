/** A self-contained page that renders the OpenAPI document; it loads nothing from elsewhere. */
export const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Baton API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2433;background:#f6f7fb}
header{background:#1d2433;color:#fff;padding:16px 32px}main{max-width:1000px;margin:0 auto;padding:16px 32px}
h2{margin-top:32px;border-bottom:1px solid #d5d9e3;text-transform:capitalize}
details{background:#fff;border:1px solid #d5d9e3;border-radius:6px;margin:8px 0}
summary{cursor:pointer;padding:8px 12px;display:flex;gap:12px;align-items:center}
.m{font:600 12px monospace;padding:2px 8px;border-radius:4px;color:#fff;min-width:56px;text-align:center}
.GET{background:#2f7d4f}.POST{background:#2857a4}.PUT{background:#8a5a00}.PATCH{background:#6b3fa0}.DELETE{background:#a33}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f0f2f7;padding:8px;overflow:auto;margin:0 12px 12px}
.body{padding:0 12px 8px}.access{color:#555}
</style></head>
<body><header><strong>Baton API</strong> &middot; <a style="color:#9cf" href="/api/openapi.json">openapi.json</a></header>
<main id="root">Loading...</main>
<script>
fetch('/api/openapi.json').then(r=>r.json()).then(doc=>{
  const byTag={};
  for(const [path,ops] of Object.entries(doc.paths)) for(const [m,op] of Object.entries(ops)) (byTag[op.tags[0]]??=[]).push({path,m:m.toUpperCase(),op});
  const root=document.getElementById('root');root.textContent='';
  const el=(t,attrs={},...kids)=>{const e=document.createElement(t);Object.assign(e,attrs);for(const k of kids)e.append(k);return e;};
  root.append(el('p',{textContent:doc.info.description}));
  for(const [tag,ops] of Object.entries(byTag)){
    root.append(el('h2',{textContent:tag}));
    for(const {path,m,op} of ops){
      const d=el('details',{},el('summary',{},el('span',{className:'m '+m,textContent:m}),el('code',{textContent:path}),el('span',{textContent:op.summary})));
      d.append(el('div',{className:'body'},el('p',{className:'access',textContent:op.description})));
      if(op.parameters.length) d.append(el('pre',{textContent:'Parameters\\n'+JSON.stringify(op.parameters,null,2)}));
      if(op.requestBody) d.append(el('pre',{textContent:'Body ('+Object.keys(op.requestBody.content).join(', ')+')\\n'+JSON.stringify(Object.values(op.requestBody.content)[0].schema,null,2)}));
      for(const [code,r] of Object.entries(op.responses)) if(r.content) d.append(el('pre',{textContent:'Response '+code+'\\n'+JSON.stringify(Object.values(r.content)[0].schema,null,2)}));
      root.append(d);
    }
  }
});
</script></body></html>`;
