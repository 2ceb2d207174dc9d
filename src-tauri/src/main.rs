// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Before any window: started as a workbook reader, this serves and exits; otherwise the app
    // reads workbooks in such child processes, with a memory and time limit (intake::isolate).
    anbud::intake::isolate::main_hook();
    anbud_app_lib::run()
}
