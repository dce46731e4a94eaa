// An error thrown inside a setTimeout callback: stderr (stack included) and exit code must be
// exactly what plain node prints.
console.log('scheduling');
async function schedule() {
  await null;
  setTimeout(function onTimer() {
    const obj = null;
    console.log('in timer');
    obj.property = 1;
  }, 1);
}
schedule();
