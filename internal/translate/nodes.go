package translate

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// The helpers below use protobuf reflection for the generic parts of the AST
// (any node's location, type name, or a walk over every node). They run only
// when a statement is translated, never per row, and cached plans skip them.

func innerMessage(n *pg_query.Node) protoreflect.Message {
	if n == nil {
		return nil
	}
	m := n.ProtoReflect()
	fd := m.WhichOneof(m.Descriptor().Oneofs().ByName("node"))
	if fd == nil {
		return nil
	}
	return m.Get(fd).Message()
}

// nodeLocation returns the parser location of a node, or -1.
func nodeLocation(n *pg_query.Node) int32 {
	m := innerMessage(n)
	if m == nil {
		return -1
	}
	if f := m.Descriptor().Fields().ByName("location"); f != nil {
		return int32(m.Get(f).Int())
	}
	return -1
}

// nodeTypeName returns the AST type of a node ("RangeFunction", …) for messages.
func nodeTypeName(n *pg_query.Node) string {
	m := innerMessage(n)
	if m == nil {
		return "(empty)"
	}
	return string(m.Descriptor().Name())
}

// walk calls visit for every message in the tree rooted at m (pre-order). visit
// returns false to stop the whole walk.
func walk(m protoreflect.Message, visit func(protoreflect.Message) bool) bool {
	if !visit(m) {
		return false
	}
	ok := true
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind {
			return true
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				if !walk(l.Get(i).Message(), visit) {
					ok = false
					return false
				}
			}
			return true
		}
		if !walk(v.Message(), visit) {
			ok = false
			return false
		}
		return true
	})
	return ok
}

// containsSubquery reports whether any SubLink occurs under n.
func containsSubquery(n *pg_query.Node) bool {
	found := false
	walk(n.ProtoReflect(), func(m protoreflect.Message) bool {
		_, found = m.Interface().(*pg_query.SubLink)
		return !found
	})
	return found
}
