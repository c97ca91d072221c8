// title: 清除首次导入标记 | Clear the first-load mark
// description: The first load is complete or undone: readers may read.
// mode: write
// The first load is complete (or was undone): readers may read again.
MATCH (load:ServiceState {name: 'first-load'})
DELETE load
