import json,sys,collections
d=json.load(open(sys.argv[1]))
m=list(d['nodes'].values())[0]
syms=m['symbols']
names=[s['name'] for s in syms]
kinds=collections.Counter()
for s in syms:
    ks=sorted({dcl.get('kind','?') for dcl in s['declarations']})
    kinds['+'.join(ks)]+=1
print("names",len(names),"unique",len(set(names)))
print(dict(kinds))
