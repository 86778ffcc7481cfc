inventory = {"apple": {"price": 0.5, "qty": 100}, "pear": {"price": 0.75, "qty": 20}, "kiwi": {"price": 1.25, "qty": 0}}
value = sum(v["price"] * v["qty"] for v in inventory.values())
print("%.2f" % value)
in_stock = sorted(k for k, v in inventory.items() if v["qty"])
print(in_stock)
inventory["pear"]["qty"] -= 5
restock = {k: 50 for k, v in inventory.items() if v["qty"] < 30}
print(restock, inventory["pear"])
