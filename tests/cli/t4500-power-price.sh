#!/bin/sh
# The power-price settlement of coal power units (docs/power-price.md) on
# the boundary fixture tests/fixtures/power (gen.py says what each hour
# holds): at the limit, just above, exactly twice, fault, missing while
# generating, stopped, units commissioned 2015-12-31 and 2016-01-01, a
# unit-month without generation, a unit whose ultra-low flag is off.
. "$(dirname "$0")/lib.sh"
P=$FIXTURES/power

# city: the fixture imported, rated and linked on 2026-11-02 (settles 2026-10)
city() {
	$ECREDIT --db c.db init >/dev/null &&
	$ECREDIT --db c.db import permits "$P/permits.xml" >/dev/null &&
	$ECREDIT --db c.db import monitoring "$P/monitoring.log" >/dev/null &&
	$ECREDIT --db c.db import generation "$P/generation.csv" >imp &&
	$ECREDIT --db c.db rate --as-of 2026-11-02 >/dev/null &&
	$ECREDIT --db c.db link --as-of 2026-11-02 >link 2>&1
}

check 'the settlement matches the boundary fixture row for row' '
	city &&
	contains link "power price 9" &&
	$ECREDIT --db c.db report power-price --format csv >got &&
	same got "$P/expected-2026-11-02.csv"
'

check 'exact money: 1801234.567 kWh x 1.5 fen is 27018.52 yuan, the fine 5 x' '
	city &&
	$ECREDIT --db c.db report power-price --format csv >got &&
	grep "1号机组,2015-12-31,2026-10,a21026," got >row &&
	contains row ",4,1,3,0,1,1801234.567,300000.000,1.50,27018.52,22500.00," &&
	contains row ",6,6,1501234.567,1.00,15012.35,complete,"
'

check 'the later unit takes the 0.5 fen bonus, the earlier 1.0' '
	city &&
	$ECREDIT --db c.db report power-price --format csv >got &&
	grep "2号机组,2016-01-01,2026-10,a21026," got >row2 &&
	contains row2 ",0.50,3000.00,complete," && contains row2 "PP-UL-2016" &&
	grep "1号机组,2015-12-31,2026-10,a21026," got >row1 &&
	contains row1 "PP-UL-2015"
'

check 'without generation the hours are there and no amount pretends to be 0' '
	city &&
	$ECREDIT --db c.db report power-price --format csv >got &&
	grep "3号机组,2010-06-30,2026-10,a21026," got >row &&
	contains row ",744,1,0,1,1,1,,,1.50,,,0,0,,,,missing," &&
	contains row "无发电量数据" && contains row "非超低排放机组"
'

check 'every figure is reproducible from report monitoring and report generation' '
	city &&
	$ECREDIT --db c.db report monitoring --format csv | tr -d "\r" >mon &&
	$ECREDIT --db c.db report generation --format csv | tr -d "\r" >gen &&
	awk -F, "\$3 == \"MN01POWER01\" && \$4 == \"a21026\" && \$11 == \"N\" && \$7 > 100" mon >ex &&
	test "$(wc -l <ex)" = 5 &&
	cut -d, -f6 ex | sort >ex.hours &&
	awk -F, "\$4 == \"MN01POWER01\" && \$6 == \"0.000\" {print \$5}" gen >stopped &&
	test "$(cat stopped)" = "2026-10-01 06:00:00" &&
	grep -v "2026-10-01 06:00:00" ex.hours >ex.gen &&
	test "$(wc -l <ex.gen)" = 4
'

check 'explain shows the rows with the hours behind them' '
	city &&
	$ECREDIT --db c.db explain 91320684MA1P0WER10 --as-of 2026-11-02 >out &&
	contains out "power price 2026-10, unit 1号机组 (outlet DA001) a21026: 4 hours above the limit 100 (1 at the fine multiple)" &&
	contains out "exceed: 01T01 01T02* 01T03 01T11; fault: 01T04D 01T05m 01T07F"
'

check 'linking again gives the same rows' '
	city &&
	$ECREDIT --db c.db report power-price --format csv >a &&
	$ECREDIT --db c.db link --as-of 2026-11-02 >/dev/null 2>&1 &&
	$ECREDIT --db c.db report power-price --format csv >b &&
	same a b
'

check 'the pricing package carries the settlement, the bureau a summary' '
	city &&
	mkdir keys out &&
	$ECREDIT keygen --alg ecdsa --out keys >/dev/null &&
	printf "db = c.db\n[keys]\ncms_key = keys/ecdsa.key\ncms_cert = keys/ecdsa.crt\n" >e.conf &&
	$ECREDIT --config e.conf export --as-of 2026-11-02 --out out --channel pricing --channel bureau >/dev/null &&
	mkdir x &&
	tar -xzf out/pricing-2026-11-02-1.tar.gz -C x &&
	tar -xzf out/bureau-2026-11-02-1.tar.gz -C x &&
	grep -c "<row>" x/pricing-2026-11-02-1/data/power_price.xml >n &&
	test "$(cat n)" = 9 &&
	contains x/pricing-2026-11-02-1/data/power_price.xml "<confiscated_yuan>27018.52</confiscated_yuan>" &&
	contains x/bureau-2026-11-02-1/data/power_price_summary.csv "2026-10,3,6,1,7,4,38118.52,22500.00,21012.35,1"
'

check 'a rule set without <power-price> settles nothing' '
	city &&
	sed "/<power-price>/,/<\/power-price>/d" "$TOP/rules/jiangsu-2020.xml" >nopower.xml &&
	$ECREDIT --db c.db rate --as-of 2026-11-03 --rules nopower.xml >/dev/null &&
	$ECREDIT --db c.db link --as-of 2026-11-03 >out 2>&1 &&
	contains out "power price 0"
'

check 'import generation: counts reconcile, bad rows are quarantined by field' '
	$ECREDIT --db c.db init >/dev/null &&
	$ECREDIT --db c.db import permits "$P/permits.xml" >/dev/null &&
	printf "mn,hour,kwh\nMN01POWER01,2026-10-01 00:00,1.5\nMN01POWER01,2026-10-01 00:30,1\nMN01POWER01,2026-10-01 01,-2\nMN01POWER01,2026-13-01 01,2\nMN01POWER01,2026-10-01 02,1.2345\nbad mn!,2026-10-01 02,1\n,2026-10-01 02,1\n" >g.csv &&
	$ECREDIT --db c.db import generation g.csv >out &&
	contains out "read 7 = stored 1 + duplicate 0 + quarantined 6" &&
	$ECREDIT --db c.db report quarantine --format csv >q &&
	contains q "line 3,hour," && contains q "line 4,kwh," && contains q "line 5,hour," &&
	contains q "line 6,kwh," && contains q "line 7,mn," && contains q "line 8,mn,"
'

check 'import generation by unit: an unknown unit, or one not on the named permit, is quarantined' '
	$ECREDIT --db c.db init >/dev/null &&
	$ECREDIT --db c.db import permits "$P/permits.xml" >/dev/null &&
	printf "机组,许可证编号,时间,发电量\n9号机组,,2026-10-01 00:00,1\n1号机组,91320684MA1P0WER23001P,2026-10-01 00:00,1\n3号机组,,2026-10-01 00:00,7\n" >g.csv &&
	$ECREDIT --db c.db import generation g.csv >out &&
	contains out "read 3 = stored 1 + duplicate 0 + quarantined 2" &&
	$ECREDIT --db c.db report generation --format csv >gen &&
	contains gen "3号机组,MN03POWER03,2026-10-01 00:00:00,7.000,0"
'

check 'import generation again: duplicates; other kWh: a revision' '
	$ECREDIT --db c.db init >/dev/null &&
	$ECREDIT --db c.db import permits "$P/permits.xml" >/dev/null &&
	printf "mn,hour,kwh\nMN01POWER01,2026100100,100\nMN01POWER01,2026100101,100\n" >a.csv &&
	printf "mn,hour,kwh\nMN01POWER01,2026100100,100\nMN01POWER01,2026100101,90\n" >b.csv &&
	$ECREDIT --db c.db import generation a.csv >/dev/null &&
	$ECREDIT --db c.db import generation a.csv >out1 &&
	contains out1 "read 2 = stored 0 + duplicate 2 + quarantined 0" &&
	$ECREDIT --db c.db import generation b.csv >out2 &&
	contains out2 "read 2 = stored 1 + duplicate 1 + quarantined 0" &&
	$ECREDIT --db c.db report generation --format csv >gen &&
	contains gen "MN01POWER01,2026-10-01 01:00:00,90.000,1" &&
	test "$(sqlite3 c.db "SELECT wh FROM generation_revision")" = 100000
'

check 'import generation: GB18030 with Chinese headers, and standard input' '
	$ECREDIT --db c.db init >/dev/null &&
	$ECREDIT --db c.db import permits "$P/permits.xml" >/dev/null &&
	printf "数采仪编号,时间,发电量(千瓦时)\nMN02POWER02,2026-10-02 03:00:00,12.5\n" |
		iconv -f UTF-8 -t GB18030 >g.csv &&
	$ECREDIT --db c.db import generation g.csv >out &&
	contains out "stored 1" &&
	printf "mn,hour,kwh\nMN02POWER02,2026-10-02 04,3\n" | $ECREDIT --db c.db import generation - >out2 &&
	contains out2 "(stdin): read 1 = stored 1" &&
	test "$(sqlite3 c.db "SELECT sum(wh) FROM generation")" = 15500
'

check 'a file without the needed columns is refused whole (65)' '
	$ECREDIT --db c.db init >/dev/null &&
	printf "mn,kwh\nX,1\n" >g.csv &&
	expect_code 65 $ECREDIT --db c.db import generation g.csv 2>err &&
	contains err "hour" &&
	test "$(sqlite3 c.db "SELECT count(*) FROM generation")" = 0
'

check 'permits: a unit only on an air outlet with a device, commissioned a date' '
	$ECREDIT --db c.db init >/dev/null &&
	sed -e "s/kind=\"air\" mn=\"MN03POWER03\"/kind=\"water\" mn=\"MN03POWER03\"/" \
	    -e "s/commissioned=\"2016-01-01\"/commissioned=\"2016-02-30\"/" "$P/permits.xml" >p.xml &&
	$ECREDIT --db c.db import permits p.xml >out 2>&1 &&
	contains out "quarantined 2" &&
	$ECREDIT --db c.db report quarantine --format csv >q &&
	contains q "power unit" && contains q "is not a date"
'
done_testing
