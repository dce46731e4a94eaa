"use strict";
async function charge(order) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (order.total < 0)
        throw new RangeError(`order ${order.id}: negative total`);
    return order.total;
}
async function main() {
    console.log('charged', await charge({ id: 1, total: 10 }));
    console.log('charged', await charge({ id: 2, total: -5 }));
}
main();
//# sourceMappingURL=app.js.map