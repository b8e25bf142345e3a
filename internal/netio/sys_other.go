//go:build !linux

package netio

import "syscall"

// Elsewhere the plain net.Conn is used.
const supported = false

func sysRead(uintptr, []byte) (int, syscall.Errno)  { return 0, syscall.ENOSYS }
func sysWrite(uintptr, []byte) (int, syscall.Errno) { return 0, syscall.ENOSYS }
func sysYield()                                     {}
