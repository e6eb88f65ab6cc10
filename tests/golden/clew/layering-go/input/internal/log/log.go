package log

func Println(v ...any) {}
