class Node:
    def __init__(self, val, nxt=None):
        self.val = val
        self.nxt = nxt
class LinkedList:
    def __init__(self):
        self.head = None
        self.size = 0
    def push(self, v):
        self.head = Node(v, self.head)
        self.size += 1
    def __iter__(self):
        n = self.head
        while n:
            yield n.val
            n = n.nxt
    def reverse(self):
        prev = None
        n = self.head
        while n:
            n.nxt, prev, n = prev, n, n.nxt
        self.head = prev
    def __len__(self):
        return self.size
ll = LinkedList()
for i in range(5):
    ll.push(i)
print(list(ll), len(ll))
ll.reverse()
print(list(ll))
