package netio

import (
	"syscall"
	"unsafe"
)

const supported = true

// sysRead and sysWrite are read(2) and write(2) without entersyscall: only for
// non-blocking sockets, which never block.
func sysRead(fd uintptr, p []byte) (int, syscall.Errno) {
	n, _, errno := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
	return int(n), errno
}

func sysWrite(fd uintptr, p []byte) (int, syscall.Errno) {
	n, _, errno := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&p[0])), uintptr(len(p)))
	return int(n), errno
}

// sysYield gives the core to another runnable thread, if there is one (sched_yield(2)).
func sysYield() { syscall.RawSyscall(syscall.SYS_SCHED_YIELD, 0, 0, 0) }
