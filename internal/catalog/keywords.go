package catalog

import "strings"

// keywordList is PostgreSQL 15's pg_get_keywords(), for pgjdbc's getSQLKeywords (DBeaver
// reads it on connect): word:category, with b when the word can be a bare column label.
// Categories: U unreserved, C unreserved (cannot be function or type name), T reserved
// (can be function or type name), R reserved.
var keywordList = "abort:Ub absolute:Ub access:Ub action:Ub add:Ub admin:Ub after:Ub aggregate:Ub all:Rb also:Ub " +
	"alter:Ub always:Ub analyse:Rb analyze:Rb and:Rb any:Rb array:R as:R asc:Rb asensitive:Ub " +
	"assertion:Ub assignment:Ub asymmetric:Rb at:Ub atomic:Ub attach:Ub attribute:Ub authorization:Tb " +
	"backward:Ub before:Ub begin:Ub between:Cb bigint:Cb binary:Tb bit:Cb boolean:Cb both:Rb " +
	"breadth:Ub by:Ub cache:Ub call:Ub called:Ub cascade:Ub cascaded:Ub case:Rb cast:Rb catalog:Ub " +
	"chain:Ub char:C character:C characteristics:Ub check:Rb checkpoint:Ub class:Ub close:Ub " +
	"cluster:Ub coalesce:Cb collate:Rb collation:Tb column:Rb columns:Ub comment:Ub comments:Ub " +
	"commit:Ub committed:Ub compression:Ub concurrently:Tb configuration:Ub conflict:Ub connection:Ub " +
	"constraint:Rb constraints:Ub content:Ub continue:Ub conversion:Ub copy:Ub cost:Ub create:R " +
	"cross:Tb csv:Ub cube:Ub current:Ub current_catalog:Rb current_date:Rb current_role:Rb " +
	"current_schema:Tb current_time:Rb current_timestamp:Rb current_user:Rb cursor:Ub cycle:Ub " +
	"data:Ub database:Ub day:U deallocate:Ub dec:Cb decimal:Cb declare:Ub default:Rb defaults:Ub " +
	"deferrable:Rb deferred:Ub definer:Ub delete:Ub delimiter:Ub delimiters:Ub depends:Ub depth:Ub " +
	"desc:Rb detach:Ub dictionary:Ub disable:Ub discard:Ub distinct:Rb do:Rb document:Ub domain:Ub " +
	"double:Ub drop:Ub each:Ub else:Rb enable:Ub encoding:Ub encrypted:Ub end:Rb enum:Ub escape:Ub " +
	"event:Ub except:R exclude:Ub excluding:Ub exclusive:Ub execute:Ub exists:Cb explain:Ub " +
	"expression:Ub extension:Ub external:Ub extract:Cb false:Rb family:Ub fetch:R filter:U " +
	"finalize:Ub first:Ub float:Cb following:Ub for:R force:Ub foreign:Rb forward:Ub freeze:Tb from:R " +
	"full:Tb function:Ub functions:Ub generated:Ub global:Ub grant:R granted:Ub greatest:Cb group:R " +
	"grouping:Cb groups:Ub handler:Ub having:R header:Ub hold:Ub hour:U identity:Ub if:Ub ilike:Tb " +
	"immediate:Ub immutable:Ub implicit:Ub import:Ub in:Rb include:Ub including:Ub increment:Ub " +
	"index:Ub indexes:Ub inherit:Ub inherits:Ub initially:Rb inline:Ub inner:Tb inout:Cb input:Ub " +
	"insensitive:Ub insert:Ub instead:Ub int:Cb integer:Cb intersect:R interval:Cb into:R invoker:Ub " +
	"is:Tb isnull:T isolation:Ub join:Tb key:Ub label:Ub language:Ub large:Ub last:Ub lateral:Rb " +
	"leading:Rb leakproof:Ub least:Cb left:Tb level:Ub like:Tb limit:R listen:Ub load:Ub local:Ub " +
	"localtime:Rb localtimestamp:Rb location:Ub lock:Ub locked:Ub logged:Ub mapping:Ub match:Ub " +
	"matched:Ub materialized:Ub maxvalue:Ub merge:Ub method:Ub minute:U minvalue:Ub mode:Ub month:U " +
	"move:Ub name:Ub names:Ub national:Cb natural:Tb nchar:Cb new:Ub next:Ub nfc:Ub nfd:Ub nfkc:Ub " +
	"nfkd:Ub no:Ub none:Cb normalize:Cb normalized:Ub not:Rb nothing:Ub notify:Ub notnull:T nowait:Ub " +
	"null:Rb nullif:Cb nulls:Ub numeric:Cb object:Ub of:Ub off:Ub offset:R oids:Ub old:Ub on:R " +
	"only:Rb operator:Ub option:Ub options:Ub or:Rb order:R ordinality:Ub others:Ub out:Cb outer:Tb " +
	"over:U overlaps:T overlay:Cb overriding:Ub owned:Ub owner:Ub parallel:Ub parameter:Ub parser:Ub " +
	"partial:Ub partition:Ub passing:Ub password:Ub placing:Rb plans:Ub policy:Ub position:Cb " +
	"preceding:Ub precision:C prepare:Ub prepared:Ub preserve:Ub primary:Rb prior:Ub privileges:Ub " +
	"procedural:Ub procedure:Ub procedures:Ub program:Ub publication:Ub quote:Ub range:Ub read:Ub " +
	"real:Cb reassign:Ub recheck:Ub recursive:Ub ref:Ub references:Rb referencing:Ub refresh:Ub " +
	"reindex:Ub relative:Ub release:Ub rename:Ub repeatable:Ub replace:Ub replica:Ub reset:Ub " +
	"restart:Ub restrict:Ub return:Ub returning:R returns:Ub revoke:Ub right:Tb role:Ub rollback:Ub " +
	"rollup:Ub routine:Ub routines:Ub row:Cb rows:Ub rule:Ub savepoint:Ub schema:Ub schemas:Ub " +
	"scroll:Ub search:Ub second:U security:Ub select:Rb sequence:Ub sequences:Ub serializable:Ub " +
	"server:Ub session:Ub session_user:Rb set:Ub setof:Cb sets:Ub share:Ub show:Ub similar:Tb " +
	"simple:Ub skip:Ub smallint:Cb snapshot:Ub some:Rb sql:Ub stable:Ub standalone:Ub start:Ub " +
	"statement:Ub statistics:Ub stdin:Ub stdout:Ub storage:Ub stored:Ub strict:Ub strip:Ub " +
	"subscription:Ub substring:Cb support:Ub symmetric:Rb sysid:Ub system:Ub table:Rb tables:Ub " +
	"tablesample:Tb tablespace:Ub temp:Ub template:Ub temporary:Ub text:Ub then:Rb ties:Ub time:Cb " +
	"timestamp:Cb to:R trailing:Rb transaction:Ub transform:Ub treat:Cb trigger:Ub trim:Cb true:Rb " +
	"truncate:Ub trusted:Ub type:Ub types:Ub uescape:Ub unbounded:Ub uncommitted:Ub unencrypted:Ub " +
	"union:R unique:Rb unknown:Ub unlisten:Ub unlogged:Ub until:Ub update:Ub user:Rb using:Rb " +
	"vacuum:Ub valid:Ub validate:Ub validator:Ub value:Ub values:Cb varchar:Cb variadic:Rb varying:U " +
	"verbose:Tb version:Ub view:Ub views:Ub volatile:Ub when:Rb where:R whitespace:Ub window:R with:R " +
	"within:U without:U work:Ub wrapper:Ub write:Ub xml:Ub xmlattributes:Cb xmlconcat:Cb " +
	"xmlelement:Cb xmlexists:Cb xmlforest:Cb xmlnamespaces:Cb xmlparse:Cb xmlpi:Cb xmlroot:Cb " +
	"xmlserialize:Cb xmltable:Cb year:U yes:Ub zone:Ub "

var keywordCategories = map[byte]string{
	'U': "unreserved", 'C': "unreserved (cannot be function or type name)",
	'T': "reserved (can be function or type name)", 'R': "reserved",
}

// keywordRows builds pg_get_keywords()'s rows: word, catcode, barelabel, catdesc, baredesc.
func keywordRows() [][]any {
	fields := strings.Fields(keywordList)
	rows := make([][]any, 0, len(fields))
	for _, f := range fields {
		word, spec, _ := strings.Cut(f, ":")
		bare, baredesc := strings.HasSuffix(spec, "b"), "requires AS"
		if bare {
			baredesc = "can be bare label"
		}
		rows = append(rows, []any{word, spec[:1], bare, keywordCategories[spec[0]], baredesc})
	}
	return rows
}
