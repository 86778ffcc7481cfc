class Item:
    count = 0
    def __init__(self, name):
        Item.count += 1
        self.name = name
    def __repr__(self):
        return "Item(%r)" % self.name
    def __lt__(self, o):
        return self.name < o.name
items = [Item(n) for n in "dbca"]
print(sorted(items), Item.count, max(items), {i.name: i for i in items}["c"])
