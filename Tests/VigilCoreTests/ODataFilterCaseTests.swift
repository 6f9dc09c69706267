import Testing
@testable import VigilCore

/// The table of `$filter` cases: valid ones with the expected syntax tree (canonical prefix form), invalid
/// ones with a fragment of the expected error message (prefixed by `!`). Every case also goes through
/// validation against the alert schema.
@Suite("OData $filter cases")
struct ODataFilterCaseTests {
    static let valid: [(String, String)] = [
        // Comparisons on each type.
        ("severity eq 'high'", "(eq severity 'high')"),
        ("severity ne 'low'", "(ne severity 'low')"),
        ("severity gt 'medium'", "(gt severity 'medium')"),
        ("severity ge 'medium'", "(ge severity 'medium')"),
        ("severity lt 'medium'", "(lt severity 'medium')"),
        ("severity le 'medium'", "(le severity 'medium')"),
        ("status eq 'NewAlert'", "(eq status 'NewAlert')"),
        ("status eq 'newalert'", "(eq status 'newalert')"),
        ("severity eq microsoft.graph.alertSeverity'high'", "(eq severity microsoft.graph.alertSeverity'high')"),
        ("title eq 'It''s bad'", "(eq title 'It''s bad')"),
        ("title eq ''", "(eq title '')"),
        ("title eq 'ünïcødé ✓'", "(eq title 'ünïcødé ✓')"),
        ("title eq 'a and b or c'", "(eq title 'a and b or c')"),
        ("title eq '('", "(eq title '(')"),
        ("confidence gt 50", "(gt confidence 50)"),
        ("confidence ge -1", "(ge confidence -1)"),
        ("confidence lt 50.5", "(lt confidence 50.5)"),
        ("confidence le 1e2", "(le confidence 100.0)"),
        ("confidence eq 99999999999999999999", "(eq confidence 1e+20)"),
        ("confidence eq null", "(eq confidence null)"),
        ("null eq confidence", "(eq null confidence)"),
        ("50 lt confidence", "(lt 50 confidence)"),
        ("assignedTo eq null", "(eq assignedTo null)"),
        ("assignedTo ne null", "(ne assignedTo null)"),
        ("vendorInformation eq null", "(eq vendorInformation null)"),
        ("createdDateTime gt 2018-11-11T00:00:00.000Z", "(gt createdDateTime 2018-11-11T00:00:00.000Z)"),
        ("createdDateTime ge 2018-11-11T00:00:00Z", "(ge createdDateTime 2018-11-11T00:00:00Z)"),
        ("eventDateTime lt 2018-11-12T00:00:00+01:00", "(lt eventDateTime 2018-11-11T23:00:00Z)"),
        ("eventDateTime le 2018-11-12", "(le eventDateTime 2018-11-12T00:00:00Z)"),
        ("eventDateTime gt '2018-11-11T00:00:00Z'", "(gt eventDateTime '2018-11-11T00:00:00Z')"),
        ("createdDateTime gt lastModifiedDateTime", "(gt createdDateTime lastModifiedDateTime)"),
        ("hostStates/any(h: h/isAzureAdJoined eq true)", "(any hostStates h (eq h/isAzureAdJoined true))"),
        ("hostStates/any(h: h/isAzureAdJoined)", "(any hostStates h h/isAzureAdJoined)"),
        ("hostStates/any(h: not h/isVpn eq false)", "!'isVpn' is not a property of hostSecurityState"),
        // Paths.
        ("vendorInformation/provider eq 'ASC'", "(eq vendorInformation/provider 'ASC')"),
        ("vendorInformation/provider eq 'Microsoft Defender ATP'", "(eq vendorInformation/provider 'Microsoft Defender ATP')"),
        ("VendorInformation/Provider eq 'ASC'", "(eq VendorInformation/Provider 'ASC')"),
        ("vendorinformation/subProvider ne 'x'", "(ne vendorinformation/subProvider 'x')"),
        // Logic and grouping.
        ("severity eq 'high' and status eq 'newAlert'", "(and (eq severity 'high') (eq status 'newAlert'))"),
        ("severity eq 'high' or severity eq 'medium'", "(or (eq severity 'high') (eq severity 'medium'))"),
        ("a1 eq 'x' or b1 eq 'y'", "!'a1' is not a property of alert"),
        ("severity eq 'high' and status eq 'newAlert' and category eq 'Malware'",
         "(and (eq severity 'high') (eq status 'newAlert') (eq category 'Malware'))"),
        ("severity eq 'high' or status eq 'newAlert' and category eq 'Malware'",
         "(or (eq severity 'high') (and (eq status 'newAlert') (eq category 'Malware')))"),
        ("(severity eq 'high' or status eq 'newAlert') and category eq 'Malware'",
         "(and (or (eq severity 'high') (eq status 'newAlert')) (eq category 'Malware'))"),
        ("not severity eq 'high'", "(not (eq severity 'high'))"),
        ("not (severity eq 'high')", "(not (eq severity 'high'))"),
        ("not not (severity eq 'high')", "(not (not (eq severity 'high')))"),
        ("not (severity eq 'high' or status eq 'resolved')", "(not (or (eq severity 'high') (eq status 'resolved')))"),
        ("((((severity eq 'high'))))", "(eq severity 'high')"),
        ("true", "true"),
        ("false or true", "(or false true)"),
        ("  severity   eq\t'high'  ", "(eq severity 'high')"),
        // in.
        ("severity in ('high', 'medium')", "(in severity 'high' 'medium')"),
        ("status in ('newAlert')", "(in status 'newAlert')"),
        ("category in ('Malware', 'Ransomware', null)", "(in category 'Malware' 'Ransomware' null)"),
        ("confidence in (1, 2, 3.5)", "(in confidence 1 2 3.5)"),
        ("createdDateTime in (2020-01-01T00:00:00Z)", "(in createdDateTime 2020-01-01T00:00:00Z)"),
        ("tolower(title) in ('a', 'b')", "(in (tolower title) 'a' 'b')"),
        // Functions.
        ("contains(title, 'PowerShell')", "(contains title 'PowerShell')"),
        ("startswith(title, 'Susp')", "(startswith title 'Susp')"),
        ("startsWith(title, 'Susp')", "(startswith title 'Susp')"),
        ("endsWith(title, 'detected')", "(endswith title 'detected')"),
        ("STARTSWITH(title, 'x')", "(startswith title 'x')"),
        ("contains(tolower(description), 'ransom')", "(contains (tolower description) 'ransom')"),
        ("toupper(category) eq 'MALWARE'", "(eq (toupper category) 'MALWARE')"),
        ("tolower(toupper(title)) eq 'x'", "(eq (tolower (toupper title)) 'x')"),
        ("contains(vendorInformation/provider, 'Defender')", "(contains vendorInformation/provider 'Defender')"),
        ("not contains(title, 'test')", "(not (contains title 'test'))"),
        ("contains(title, 'x') eq true", "(eq (contains title 'x') true)"),
        ("contains('abc', 'b')", "(contains 'abc' 'b')"),
        ("contains(title, null)", "(contains title null)"),
        // Lambdas.
        ("tags/any(t: t eq 'HVA')", "(any tags t (eq t 'HVA'))"),
        ("tags/all(t: t ne 'x')", "(all tags t (ne t 'x'))"),
        ("tags/any()", "(any tags)"),
        ("comments/any(c: contains(c, 'IPC'))", "(any comments c (contains c 'IPC'))"),
        ("userStates/any(u: u/userPrincipalName eq 'x')", "(any userStates u (eq u/userPrincipalName 'x'))"),
        ("userStates/any(u:u/userPrincipalName eq 'x')", "(any userStates u (eq u/userPrincipalName 'x'))"),
        ("userStates/any(u: u/logonType eq 'Interactive')", "(any userStates u (eq u/logonType 'Interactive'))"),
        ("userStates/all(u: u/domainName eq 'CONTOSO')", "(all userStates u (eq u/domainName 'CONTOSO'))"),
        ("fileStates/any(x:x/name eq 'services.exe')", "(any fileStates x (eq x/name 'services.exe'))"),
        ("fileStates/any(f: f/fileHash/hashType eq 'sha256')", "(any fileStates f (eq f/fileHash/hashType 'sha256'))"),
        ("fileStates/any(f: f/fileHash/hashValue in ('a', 'b'))", "(any fileStates f (in f/fileHash/hashValue 'a' 'b'))"),
        ("networkConnections/any(n: n/destinationPort eq '443' and n/protocol eq 'tcp')",
         "(any networkConnections n (and (eq n/destinationPort '443') (eq n/protocol 'tcp')))"),
        ("hostStates/any(h: startswith(h/fqdn, 'srv'))", "(any hostStates h (startswith h/fqdn 'srv'))"),
        ("processes/any(p: p/processId gt 4 and p/createdDateTime gt 2020-01-01T00:00:00Z)",
         "(any processes p (and (gt p/processId 4) (gt p/createdDateTime 2020-01-01T00:00:00Z)))"),
        ("historyStates/any(h: h/comments/any(c: c eq 'done'))", "(any historyStates h (any h/comments c (eq c 'done')))"),
        ("historyStates/any(h: h/comments/any(c: c eq h/user))", "(any historyStates h (any h/comments c (eq c h/user)))"),
        ("userStates/any(u: u/accountName eq assignedTo)", "(any userStates u (eq u/accountName assignedTo))"),
        ("userStates/any(u: tags/any(t: t eq u/accountName))", "(any userStates u (any tags t (eq t u/accountName)))"),
        ("not userStates/any(u: u/isVpn eq true)", "(not (any userStates u (eq u/isVpn true)))"),
        ("severity eq 'high' and userStates/any(u: u/userPrincipalName eq 'x') and status eq 'newAlert'",
         "(and (eq severity 'high') (any userStates u (eq u/userPrincipalName 'x')) (eq status 'newAlert'))"),
        ("triggers/any(t: t/type eq 'x' or t/value eq 'y')", "(any triggers t (or (eq t/type 'x') (eq t/value 'y')))"),
        ("securityResources/any(r: r/resourceType eq 'attacked')", "(any securityResources r (eq r/resourceType 'attacked'))"),
        ("malwareStates/any(m: m/wasRunning)", "(any malwareStates m m/wasRunning)"),
        ("registryKeyStates/any(r: r/hive eq 'currentUser')", "(any registryKeyStates r (eq r/hive 'currentUser'))"),
        ("detectionIds/any(d: d eq '1') or incidentIds/any(i: i eq '2')",
         "(or (any detectionIds d (eq d '1')) (any incidentIds i (eq i '2')))"),
        ("tags/any(t: tolower(t) eq 'hva')", "(any tags t (eq (tolower t) 'hva'))"),
        ("tags/any(t: t eq 'a') and tags/any(t: t eq 'b')", "(and (any tags t (eq t 'a')) (any tags t (eq t 'b')))"),
        ("vulnerabilityStates/any(v: v/cve eq 'CVE-2021-44228')", "(any vulnerabilityStates v (eq v/cve 'CVE-2021-44228'))"),
        ("cloudAppStates/any(c: c/destinationServiceIp eq '1.2.3.4')", "(any cloudAppStates c (eq c/destinationServiceIp '1.2.3.4'))"),
    ]

    static let invalid: [(String, String)] = [
        // Lexical.
        ("title eq 'unterminated", "unterminated string literal at position 9"),
        ("title eq 'a''", "unterminated string literal"),
        ("title eq 'a''' and", "ends where an operand was expected"),
        ("title eq \"x\"", "unexpected character '\"' at position 9"),
        ("title eq 'x' ; drop table alerts", "unexpected character ';'"),
        ("title eq #", "unexpected character '#'"),
        ("confidence eq 12abc", "invalid number '12a'"),
        ("confidence eq 1e999", "out of range"),
        ("createdDateTime gt 2018-13-11T00:00:00Z", "invalid date-time literal"),
        ("createdDateTime gt 2018-11-11T00:00", "invalid date-time literal"),
        ("title eq 'x' €", "unexpected character '€'"),
        ("", "the expression is empty"),
        ("   ", "the expression is empty"),
        // Syntax.
        ("severity eq", "ends where an operand was expected"),
        ("severity 'high'", "unexpected the string 'high' after a complete expression"),
        ("eq 'high'", "found 'eq'"),
        ("severity eq 'high' and", "ends where an operand was expected"),
        ("severity eq 'high' or or status eq 'x'", "found 'or'"),
        ("(severity eq 'high'", "expected ')'"),
        ("severity eq 'high')", "unexpected ')'"),
        ("()", "found ')'"),
        ("severity eq 'high' status eq 'x'", "unexpected 'status'"),
        ("a eq b eq c", "comparisons cannot be chained"),
        ("confidence eq 1 eq true", "comparisons cannot be chained"),
        ("confidence add 1 eq 2", "the operator 'add' is not supported"),
        ("confidence mod 2 eq 0", "'mod' is not supported"),
        ("severity has 'high'", "'has' is not supported"),
        ("severity in 'high'", "expected '(' after 'in'"),
        ("severity in ()", "found ')'"),
        ("severity in ('high',)", "found ')'"),
        ("severity in ('high' 'low')", "expected ')' closing the 'in' list"),
        ("severity in (status)", "'in' takes a list of literals"),
        ("contains(title 'x')", "expected ')' closing the call to 'contains'"),
        ("contains(title,", "ends where an operand was expected"),
        ("tags/any(t t eq 'x')", "expected a lambda variable and ':'"),
        ("tags/any(: t eq 'x')", "expected a lambda variable and ':'"),
        ("tags/any(t: t eq 'x'", "expected ')' closing the lambda"),
        ("tags/all()", "'all' needs a lambda expression"),
        ("vendorInformation/", "expected a property name but found the end"),
        ("vendorInformation//provider eq 'x'", "expected a property name but found '/'"),
        ("/severity eq 'x'", "found '/'"),
        ("severity eq 'x',", "unexpected ','"),
        ("severity: 'x'", "unexpected ':'"),
        // Schema validation.
        ("foo eq 'x'", "'foo' is not a property of alert at position 0"),
        ("severity eq 'high' and bogus eq 1", "'bogus' is not a property of alert at position 23"),
        ("vendorInformation/vendorName eq 'x'", "'vendorName' is not a property of securityVendorInformation"),
        ("title/length eq 3", "'length' cannot follow a value of type Edm.String"),
        ("userStates/userPrincipalName eq 'x'", "'userStates' is a collection; use a lambda"),
        ("tags eq 'x'", "'tags' is a collection; use a lambda"),
        ("userStates eq null", "'userStates' is a collection"),
        ("vendorInformation eq 'x'", "is an object of type securityVendorInformation"),
        ("userStates/any(u: u eq 'x')", "is an object of type userSecurityState"),
        ("userStates/any(u: u/bogus eq 'x')", "'bogus' is not a property of userSecurityState"),
        ("title/any(t: t eq 'x')", "'title' is not a collection"),
        ("tags/any(severity: severity eq 'x')", "hides another name"),
        ("tags/any(t: tags/any(t: t eq 'x'))", "hides another name"),
        ("tags/any(t: t)", "expected a Boolean condition"),
        ("tags/any(t: u eq 'x')", "'u' is not a property of alert"),
        ("u/userPrincipalName eq 'x'", "'u' is not a property of alert"),
        ("frobnicate(title) eq 'x'", "unknown function 'frobnicate'"),
        ("substringof('x', title)", "unknown function 'substringof'"),
        ("length(title) eq 3", "unknown function 'length'"),
        ("contains(title)", "'contains' takes 2 arguments but was given 1"),
        ("tolower(title, 'x') eq 'y'", "'tolower' takes 1 argument but was given 2"),
        ("contains(confidence, '5')", "'contains' takes strings, but its argument is of type Edm.Int64"),
        ("contains(severity, 'hi')", "takes strings, but its argument is of type microsoft.graph.alertSeverity"),
        ("tolower(severity) eq 'high'", "takes strings"),
        ("startswith(tags, 'x')", "takes strings"),
        // Types.
        ("severity gt 3", "cannot compare severity (microsoft.graph.alertSeverity) with the number 3 using 'gt' at position 9"),
        ("severity eq 4", "cannot compare severity"),
        ("severity eq 'catastrophic'", "'catastrophic' is not a member of alertSeverity"),
        ("status eq 'closed'", "'closed' is not a member of alertStatus"),
        ("severity eq microsoft.graph.alertStatus'newAlert'", "cannot be compared with alertSeverity"),
        ("severity eq status", "cannot compare severity"),
        ("severity eq title", "cannot compare severity"),
        ("confidence eq 'high'", "cannot compare confidence (Edm.Int64) with the string 'high'"),
        ("confidence eq true", "cannot compare confidence"),
        ("title eq 5", "cannot compare title (Edm.String) with the number 5"),
        ("title eq true", "cannot compare title"),
        ("title gt 2020-01-01T00:00:00Z", "cannot compare title"),
        ("createdDateTime gt 5", "cannot compare createdDateTime"),
        ("createdDateTime gt 'yesterday'", "'yesterday' is not a date-time"),
        ("createdDateTime eq true", "cannot compare createdDateTime"),
        ("hostStates/any(h: h/isAzureAdJoined gt false)", "cannot order Boolean values"),
        ("confidence gt null", "'gt' cannot compare with null"),
        ("title", "expected a Boolean condition but 'title' is of type Edm.String"),
        ("confidence", "expected a Boolean condition"),
        ("'x'", "expected a Boolean condition"),
        ("5", "expected a Boolean condition"),
        ("null", "expected a Boolean condition"),
        ("tolower(title)", "expected a Boolean condition"),
        ("severity eq 'high' and title", "expected a Boolean condition"),
        ("not title", "expected a Boolean condition"),
        ("severity in ('high', 3)", "cannot compare severity"),
        ("severity in ('high', 'bogus')", "'bogus' is not a member of alertSeverity"),
        ("true eq 'true'", "cannot compare true"),
    ]

    static var validCases: [(String, String)] { valid.filter { !$0.1.hasPrefix("!") } }
    static var bindErrors: [(String, String)] {
        valid.filter { $0.1.hasPrefix("!") }.map { ($0.0, String($0.1.dropFirst())) }
    }

    @Test("Valid expressions parse to the expected tree and validate", arguments: validCases)
    func validExpression(filter: String, expected: String) throws {
        let ast = try ODataParser.parseFilter(filter)
        #expect(ast.description == expected)
        _ = try ODataQuery<Alert>.parseFilter(filter)
    }

    @Test("Invalid expressions give a BadRequest naming the problem", arguments: invalid + bindErrors)
    func invalidExpression(filter: String, fragment: String) {
        do {
            _ = try ODataQuery<Alert>.parseFilter(filter)
            Issue.record("expected an error for \(filter)")
        } catch {
            #expect(error.code == .badRequest)
            #expect(error.message.contains(fragment), "message was: \(error.message)")
            #expect(error.target == "$filter")
            #expect(error.message.hasPrefix("Invalid $filter: "))
        }
    }

    @Test func theTableIsLargeEnough() {
        #expect(Self.valid.count + Self.invalid.count >= 150)
    }
}
