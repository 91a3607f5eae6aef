"""Source code and data-science texts: Go, Rust, Ruby, PHP, Kotlin, Swift, SQL stored procedures,
Excel formulas, R and Stata scripts, LaTeX."""

from __future__ import annotations

from tests.dlp_blind6.build import Doc, template
from tests.dlp_blind6.values import Values, cred


@template("go_source", weight=2)
def _go(v: Values, d: Doc) -> None:
    k, c = cred(v)
    d.fill('Code review please — main.go:\n```go\npackage main\n\nconst ⟨k⟩ = "⟨c⟩"\n\nfunc main() {\n'
           '\tdbPass := "⟨pw⟩"\n\tdsn := fmt.Sprintf("sqlserver://sa:%s@⟨ip⟩:1433?database=orders", dbPass)\n'
           '\tdb, _ := sql.Open("postgres", "⟨url⟩")\n\tauth := smtp.PlainAuth("", "⟨em⟩", "⟨pw2⟩", "smtp.office365.com")\n'
           '\treqID := "⟨rid⟩"\n\t_ = dsn; _ = db; _ = auth; _ = reqID\n}\n```',
           k=k, c=c, pw=v.pw("password_kv"), ip=v.ipv4(True), url=v.url_with_password("postgresql"), em=v.email(),
           pw2=v.pw("password_ctor"), rid=v.neg("guid"))


@template("rust_source")
def _rust(v: Values, d: Doc) -> None:
    d.fill('Why does this not compile? (error[E0308])\n```rust\nuse reqwest::header;\n\n'
           'static HF_TOKEN: &str = "⟨hf⟩";\nconst BUILD: &str = "⟨bid⟩";\n\nfn client() -> reqwest::Client {\n'
           '    let mut h = header::HeaderMap::new();\n    h.insert("api-key", "⟨ak⟩".parse().unwrap());\n'
           '    let pool = PgPool::connect("⟨url⟩");\n    let admin = Credentials::new("admin", "⟨pw⟩");\n'
           '    let bind: SocketAddr = "⟨ip⟩:8080".parse()?;\n    todo!()\n}\n```',
           hf=v.hf(), bid=v.neg("build_id"), ak=v.aoai_key(), url=v.url_with_password("postgresql"), pw=v.pw("password_ctor"),
           ip=v.ipv4(True))


@template("ruby_source")
def _ruby(v: Values, d: Doc) -> None:
    d.fill('config/initializers/services.rb\n```ruby\nStripe.api_key = "⟨sk⟩"\nStripe.publishable = "⟨pk⟩"\n'
           'Twilio.configure { |c| c.account_sid = "AC⟨acsid⟩"; c.auth_token = "⟨tw⟩" }\n'
           'ActionMailer::Base.smtp_settings = { user_name: "apikey", password: "⟨sg⟩", address: "smtp.sendgrid.net" }\n'
           'Redis.new(url: "⟨ru⟩")\nSUPPORT_LINE = "⟨ph⟩" # ⟨nm⟩\n```\nMove these to Rails credentials.',
           sk=v.stripe(), pk=v.stripe_neg(), acsid=v.neg("md5_etag"), tw=v.twilio(), sg=v.sendgrid(), ru=v.url_with_password("redis"),
           ph=v.phone(), nm=v.person())


@template("php_source", weight=2)
def _php(v: Values, d: Doc) -> None:
    d.fill('<?php\n// wp-config.php (staging)\ndefine( \'DB_NAME\', \'wp_shop\' );\ndefine( \'DB_USER\', \'wpuser\' );\n'
           'define( \'DB_PASSWORD\', \'⟨pw⟩\' );\ndefine( \'DB_HOST\', \'⟨ip⟩\' );\n'
           '$mysqli = mysqli_connect("⟨ip2⟩", "report", "⟨pw2⟩", "shop");\n$mg = [\'api_key\' => \'⟨mg⟩\'];\n'
           '$pdo = new PDO(\'mysql:host=db;dbname=shop\', \'root\', \'⟨pw3⟩\');\n'
           '$config[\'mailer\'] = [\'from\' => \'⟨em⟩\', \'salt\' => \'⟨salt⟩\'];\n?>\nWhy does WordPress show "Error establishing a database connection"?',
           pw=v.pw("password_kv"), ip=v.ipv4(True), ip2=v.ipv4(True), pw2=v.pw("password_ctor"), mg=v.mailgun(), pw3=v.pw("password_ctor"),
           em=v.email(), salt=v.neg("git_sha"))


@template("kotlin_source")
def _kotlin(v: Values, d: Doc) -> None:
    d.fill('```kotlin\nobject Secrets {\n    const val SLACK_BOT_TOKEN = "⟨st⟩"\n    val awsKeyId = "⟨ak⟩"\n'
           '    val awsSecret = "⟨asec⟩"\n    val doc = "⟨doc⟩"\n}\nval ds = HikariDataSource().apply {\n'
           '    jdbcUrl = "jdbc:postgresql://⟨ip⟩:5432/app"\n    username = "app"\n    password = "⟨pw⟩"\n}\n'
           'val ds2 = DriverManager.getConnection("jdbc:mysql://db:3306/app", "root", "⟨pw2⟩")\n```\nConvert to Hoplite config.',
           st=v.slack(), ak=v.aws_id(), doc=v.neg("aws_doc_key"), ip=v.ipv4(True), pw=v.pw("password_kv"),
           pw2=v.pw("password_ctor"), asec=v.aws_secret())


@template("swift_source")
def _swift(v: Values, d: Doc) -> None:
    d.fill('```swift\nenum Config {\n    static let openAIKey = "⟨ok⟩"\n    static let mapsKey = "⟨gk⟩"\n'
           '    static let supportPhone = "⟨ph⟩"\n    static let appGroup = "group.⟨uid⟩"\n}\n'
           'let cred = URLCredential(user: "ios-ci", password: "⟨pw⟩", persistence: .forSession)\n'
           'request.setValue("Bearer \\(⟨bt⟩)", forHTTPHeaderField: "Authorization")\n```\n'
           'The app is rejected by App Review — is embedding keys like this the reason?',
           ok=v.openai(), gk=v.google(), ph=v.phone(), uid=v.neg("guid"), pw=v.pw("password_ctor"), bt=v.neg("guid"))


@template("sql_stored_procedure", weight=2)
def _sqlproc(v: Values, d: Doc) -> None:
    d.fill('CREATE OR ALTER PROCEDURE dbo.usp_SyncPayees AS\nBEGIN\n'
           '  EXEC sp_addlinkedserver @server = N\'LEGACY\', @datasrc = N\'⟨ip⟩\';\n'
           '  EXEC sp_addlinkedsrvlogin \'LEGACY\', \'false\', NULL, \'sync\', \'⟨pw⟩\';\n'
           '  INSERT INTO dbo.Payees (Name, Iban, Email, TaxId) VALUES\n'
           '    (N\'⟨n1⟩\', \'⟨i1⟩\', \'⟨e1⟩\', \'⟨s1⟩\'),\n    (N\'⟨n2⟩\', \'⟨i2⟩\', \'⟨e2⟩\', \'⟨s2⟩\');\n'
           '  CREATE LOGIN etl_reader WITH PASSWORD = \'⟨pw2⟩\';\n  -- ticket ⟨tk⟩\nEND\nGO\nOptimise this procedure.',
           ip=v.ipv4(True), pw=v.pw("password_ctor"), n1=v.person(), i1=v.iban(grouped=False), e1=v.email(), s1=v.ssn("-"),
           n2=v.person(), i2=v.iban(grouped=False), e2=v.email(), s2=v.ssn("-"), pw2=v.pw("password_kv"), tk=v.neg("order_no"))


@template("excel_formulas")
def _excel(v: Values, d: Doc) -> None:
    d.add('My VLOOKUP returns #N/A. Sheet "Payroll":\nA\tB\tC\tD\tE\n')
    d.add('Name\tIBAN\tCard\tPhone\tNet\n')
    for _ in range(v.num(3, 4)):
        d.fill('⟨n⟩\t⟨i⟩\t⟨c⟩\t⟨p⟩\t⟨a⟩\n', n=v.person(), i=v.iban(), c=v.card(), p=v.phone(), a=v.neg("amount"))
    d.fill('Formula in G2: =VLOOKUP("⟨n⟩",A:E,2,FALSE) and H2: =WEBSERVICE("https://api.fx.io/latest?key=⟨k⟩")',
           n=v.person(), k=v.bearer())


@template("r_stata_script")
def _r_stata(v: Values, d: Doc) -> None:
    if v.chance(0.5):
        d.fill('```r\nlibrary(DBI)\ncon <- dbConnect(RPostgres::Postgres(), host = "⟨ip⟩", user = "analyst",\n'
               '                 password = "⟨pw⟩", dbname = "claims")\nSys.setenv(OPENAI_API_KEY = "⟨ok⟩")\n'
               'claims <- dbGetQuery(con, "select * from claims where ssn = \'⟨ssn⟩\'")\n'
               '# contact: ⟨nm⟩ ⟨em⟩\n```\nWhy does dbConnect hang?',
               ip=v.ipv4(True), pw=v.pw("password_ctor"), ok=v.openai(), ssn=v.ssn("-"), nm=v.person(), em=v.email())
    else:
        d.fill('* claims.do\nodbc load, exec("select * from members") connectionstring("⟨cs⟩")\n'
               'replace phone = "⟨ph⟩" if member_id == ⟨mid⟩\nreplace ssn = "⟨ssn⟩" if member_id == ⟨mid2⟩\n'
               '* reviewer ⟨nm⟩, ⟨ts⟩\nWhat does `replace ... if` do when the id is missing?',
               cs=v.conn_string("sql"), ph=v.phone("US", "national"), mid=str(v.num(10000, 99999)), ssn=v.ssn("-"),
               mid2=str(v.num(10000, 99999)), nm=v.person(), ts=v.neg("timestamp"))


@template("latex_document")
def _latex(v: Values, d: Doc) -> None:
    d.fill('\\documentclass{letter}\n\\signature{⟨nm⟩}\n\\address{⟨co⟩ \\\\ Tel.\\ ⟨ph⟩ \\\\ \\texttt{⟨em⟩}}\n'
           '\\begin{document}\n\\begin{letter}{⟨to⟩}\n\\opening{Dear ⟨tofirst⟩,}\n'
           'please transfer the deposit to IBAN \\texttt{⟨ib⟩} (BIC on the invoice \\#⟨inv⟩).\n'
           '\\closing{Kind regards}\n\\end{letter}\n\\end{document}\nFix the overfull hbox warning.',
           nm=v.person(), co=v.neg("postcode"), ph=v.phone(), em=v.email(), to=v.person(), tofirst=v.pfirst(), ib=v.iban(),
           inv=v.neg("invoice_no"))
