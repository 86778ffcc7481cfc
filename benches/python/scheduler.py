# Object-heavy: a cooperative task scheduler in the spirit of "richards" (task
# objects with state, packets passed through queues, method calls, attributes).
import sys


class Packet:
    def __init__(self, link, dest, kind):
        self.link = link
        self.dest = dest
        self.kind = kind
        self.count = 0
        self.data = [0, 0, 0, 0]

    def append_to(self, queue):
        self.link = None
        if queue is None:
            return self
        p = queue
        while p.link is not None:
            p = p.link
        p.link = self
        return queue


class Task:
    def __init__(self, sched, ident, priority, queue):
        self.sched = sched
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.held = False
        self.waiting = queue is not None
        self.done = 0

    def runnable(self):
        return not self.held and (self.queue is not None or not self.waiting)

    def take(self):
        p = self.queue
        if p is not None:
            self.queue = p.link
            p.link = None
        return p

    def receive(self, packet):
        self.queue = packet.append_to(self.queue)


class Worker(Task):
    def __init__(self, sched, ident, priority, queue):
        Task.__init__(self, sched, ident, priority, queue)
        self.dest = 2
        self.letter = 0

    def step(self):
        p = self.take()
        if p is None:
            self.waiting = True
            return
        self.dest = 3 if self.dest == 2 else 2
        p.dest = self.dest
        for i in range(4):
            self.letter = (self.letter + 1) % 26
            p.data[i] = self.letter
        p.count += 1
        self.done += 1
        self.sched.send(p)


class Handler(Task):
    def step(self):
        p = self.take()
        if p is None:
            self.waiting = True
            return
        p.count += sum(p.data) % 5
        self.done += 1
        p.dest = 1
        self.sched.send(p)


class Scheduler:
    def __init__(self):
        self.tasks = {}
        self.sent = 0

    def add(self, task):
        self.tasks[task.ident] = task

    def send(self, packet):
        self.sent += 1
        t = self.tasks[packet.dest]
        t.receive(packet)
        t.waiting = False

    def run(self, rounds):
        order = sorted(self.tasks.values(), key=lambda t: -t.priority)
        for _ in range(rounds):
            for t in order:
                if t.runnable():
                    t.step()
        return sum(t.done for t in order), self.sent


def main(rounds):
    s = Scheduler()
    q = None
    for k in range(6):
        q = Packet(None, 1, k % 2).append_to(q)
    s.add(Worker(s, 1, 10, q))
    s.add(Handler(s, 2, 20, None))
    s.add(Handler(s, 3, 30, None))
    return s.run(rounds)


n = int(sys.argv[1]) if len(sys.argv) > 1 else 150000
print(main(n))
